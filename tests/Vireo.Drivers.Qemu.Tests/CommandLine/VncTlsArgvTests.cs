using Vireo.Drivers.Qemu.CommandLine;
using Vireo.Drivers.Qemu.Domains;

namespace Vireo.Drivers.Qemu.Tests.CommandLine;

/// <summary>
/// qemu.conf's vnc_tls: the VNC server gets libvirt's tls-creds-x509 object (endpoint=server, the certificate
/// directory, verify-peer from vnc_tls_x509_verify) and -vnc ...,tls-creds=vnc-tls-creds0; Golden/tls/NAME.args.
/// </summary>
public class VncTlsArgvTests
{
    private static string Render(string name, bool verify)
    {
        var xml = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "CommandLine", "Golden", "tls", name + ".xml"));
        var def = QemuDomainXml.Parse(xml, GoldenArgvTests.Defaults);
        var options = new QemuLaunchOptions
        {
            Accel = "tcg",
            MonitorSocket = $"/run/vireo/qemu/{def.Name}.monitor",
            PidFile = $"/run/vireo/qemu/{def.Name}.pid",
            LogFile = $"/var/log/vireo/qemu/{def.Name}.log",
            Daemonize = true,
            GraphicsPorts = [5900],
            VncTlsX509Dir = "/etc/pki/libvirt-vnc",
            VncTlsVerify = verify,
        };
        return QemuCommandBuilder.Build(def, options).ToText();
    }

    [Fact]
    public void VncWithTlsAndPasswordMatchesTheGoldenArgv()
    {
        var actual = Render("vnc-tls-password", verify: true);
        var expected = Path.Combine(AppContext.BaseDirectory, "CommandLine", "Golden", "tls", "vnc-tls-password.args");
        Assert.True(File.Exists(expected), "missing golden file; got:\n" + actual);
        Assert.Equal(File.ReadAllText(expected), actual);
    }

    [Fact]
    public void WithoutVerifyThePeerIsNotChecked()
    {
        var argv = Render("vnc-tls-password", verify: false);
        Assert.Contains("\"verify-peer\":false", argv);
        Assert.Contains("-vnc 127.0.0.1:0,password=on,tls-creds=vnc-tls-creds0", argv);
    }

    [Fact]
    public void QemuConfReadsLibvirtsKeys()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, """
                # copied from libvirt's qemu.conf
                vnc_listen = "127.0.0.1"
                vnc_tls = 1
                vnc_tls_x509_cert_dir = "/srv/pki/vnc"
                vnc_tls_x509_verify = 1
                user = "nobody"
                group = "nogroup"
                dynamic_ownership = 0
                """);
            var c = QemuConf.Load(path);
            Assert.Equal(new QemuConf { VncTls = true, VncTlsX509CertDir = "/srv/pki/vnc", VncTlsX509Verify = true, User = "nobody", Group = "nogroup", DynamicOwnership = false }, c);
            File.WriteAllText(path, "vnc_tls = yes\n");
            Assert.Contains("is not 0 or 1", Assert.Throws<FormatException>(() => QemuConf.Load(path)).Message);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
