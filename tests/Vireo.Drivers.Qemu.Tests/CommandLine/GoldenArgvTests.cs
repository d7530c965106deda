using Vireo.Drivers.Qemu.CommandLine;
using Vireo.Drivers.Qemu.Domains;
using Vireo.Protocol.Errors;

namespace Vireo.Drivers.Qemu.Tests.CommandLine;

/// <summary>
/// Domain XML in, exact argv out (libvirt's qemuxml2argv): Golden/NAME.xml → Golden/NAME.args, or Golden/NAME.err for
/// a definition the driver must refuse. VIREO_REGENERATE_GOLDEN=1 rewrites the expected files in the source tree.
/// </summary>
public class GoldenArgvTests
{
    public static readonly QemuDefaults Defaults = new("/usr/bin/qemu-system-x86_64", "pc-i440fx-7.2");

    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (var f in Directory.GetFiles(GoldenDir(), "*.xml").Order(StringComparer.Ordinal))
            data.Add(Path.GetFileNameWithoutExtension(f));
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void XmlToArgv(string name)
    {
        var dir = GoldenDir();
        var xml = File.ReadAllText(Path.Combine(dir, name + ".xml"));
        string actual, ext;
        try
        {
            actual = Render(xml);
            ext = ".args";
        }
        catch (LibvirtException e)
        {
            actual = $"{e.Code} {e.Domain}: {e.Message}\n";
            ext = ".err";
        }
        var expectedPath = Path.Combine(dir, name + ext);
        if (Environment.GetEnvironmentVariable("VIREO_REGENERATE_GOLDEN") == "1")
        {
            var src = Path.Combine(SourceGoldenDir(), name);
            File.Delete(src + ".args");
            File.Delete(src + ".err");
            File.WriteAllText(src + ext, actual);
            return;
        }
        Assert.True(File.Exists(expectedPath), $"missing golden file {name}{ext}; got:\n{actual}");
        Assert.Equal(File.ReadAllText(expectedPath), actual);
    }

    /// <summary>Parse + complete as define does, then build with fixed launch options.</summary>
    public static string Render(string xml)
    {
        var def = QemuDomainXml.Parse(xml, Defaults);
        var options = new QemuLaunchOptions
        {
            Accel = def.Type == "kvm" ? "kvm" : "tcg",
            MonitorSocket = $"/run/vireo/qemu/{def.Name}.monitor",
            PidFile = $"/run/vireo/qemu/{def.Name}.pid",
            LogFile = $"/var/log/vireo/qemu/{def.Name}.log",
            Daemonize = true,
            ChannelDir = $"/var/lib/vireo/qemu/channel/{def.Name}",
            AgentSocket = $"/run/vireo/qemu/{def.Name}.agent",
            GraphicsPorts = [5900, 5901],
        };
        return QemuCommandBuilder.Build(def, options).ToText();
    }

    [Fact]
    public void TwentyEightFreeSlotsFitAndTheTwentyNinthIsRefused()
    {
        var full = File.ReadAllText(Path.Combine(GoldenDir(), "pci-slots-full.xml"));
        Assert.Contains("addr=0x1f", Render(full));
        var over = File.ReadAllText(Path.Combine(GoldenDir(), "pci-slots-exhausted.xml"));
        var e = Assert.Throws<LibvirtException>(() => Render(over));
        Assert.Equal(ErrorCode.InternalError, e.Code);
        Assert.Contains("No more available PCI slots", e.Message);
    }

    [Fact]
    public void RendererQuotesWordsTheShellWouldSplit()
    {
        var text = ArgvRenderer.ToText("/usr/bin/qemu", [new("-append", "console=ttyS0 quiet"), QemuArg.Bare("-S"), new("-name", "guest=it's")]);
        Assert.Equal("/usr/bin/qemu \\\n-append 'console=ttyS0 quiet' \\\n-S \\\n-name 'guest=it'\\''s'\n", text);
    }

    [Fact]
    public void CommasInValuesAreDoubled()
    {
        Assert.Equal("file,path=/a,,b", new QemuOptionValue("file").Add("path", "/a,b").ToString());
    }

    private static string GoldenDir() => Path.Combine(AppContext.BaseDirectory, "CommandLine", "Golden");

    private static string SourceGoldenDir()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            var candidate = Path.Combine(d.FullName, "CommandLine", "Golden");
            if (File.Exists(Path.Combine(d.FullName, "Vireo.Drivers.Qemu.Tests.csproj")) && Directory.Exists(candidate))
                return candidate;
        }
        throw new DirectoryNotFoundException("tests/Vireo.Drivers.Qemu.Tests/CommandLine/Golden not found above " + AppContext.BaseDirectory);
    }
}
