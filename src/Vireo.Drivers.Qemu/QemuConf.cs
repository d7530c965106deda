using System.Globalization;

namespace Vireo.Drivers.Qemu;

/// <summary>
/// The QEMU driver's host settings from ETC/qemu.conf, libvirt's qemu.conf names: <c>vnc_tls</c>,
/// <c>vnc_tls_x509_cert_dir</c>, <c>vnc_tls_x509_verify</c>, <c>user</c>, <c>group</c>, <c>dynamic_ownership</c>.
/// Other libvirt keys are accepted and ignored (a copied qemu.conf keeps working); a malformed line is an error.
/// </summary>
public sealed record QemuConf
{
    /// <summary>vnc_tls: VNC consoles use TLS (VeNCrypt x509) with the certificates in <see cref="VncTlsX509CertDir"/>.</summary>
    public bool VncTls { get; init; }

    /// <summary>vnc_tls_x509_cert_dir: ca-cert.pem, server-cert.pem, server-key.pem (libvirt's default /etc/pki/libvirt-vnc).</summary>
    public string VncTlsX509CertDir { get; init; } = "/etc/pki/libvirt-vnc";

    /// <summary>vnc_tls_x509_verify: VNC clients must present a certificate the CA signed.</summary>
    public bool VncTlsX509Verify { get; init; }

    /// <summary>user: who QEMU runs as (name or +uid); null keeps the daemon's own user.</summary>
    public string? User { get; init; }

    /// <summary>group: QEMU's group (name or +gid); null: the user's primary group.</summary>
    public string? Group { get; init; }

    /// <summary>dynamic_ownership: chown disk images to QEMU's user before start and give them back after stop.</summary>
    public bool DynamicOwnership { get; init; } = true;

    public static QemuConf Load(string path)
    {
        var conf = new QemuConf();
        if (!File.Exists(path)) return conf;
        int lineNo = 0;
        foreach (var raw in File.ReadLines(path))
        {
            lineNo++;
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            int eq = line.IndexOf('=');
            if (eq <= 0) throw new FormatException($"{path}:{lineNo}: expected 'key = value', got '{line}'");
            string key = line[..eq].Trim(), value = line[(eq + 1)..].Trim().Trim('"');
            string where = $"{path}:{lineNo}";
            conf = key switch
            {
                "vnc_tls" => conf with { VncTls = Flag(value, where) },
                "vnc_tls_x509_cert_dir" => conf with { VncTlsX509CertDir = value },
                "vnc_tls_x509_verify" => conf with { VncTlsX509Verify = Flag(value, where) },
                "user" => conf with { User = value },
                "group" => conf with { Group = value },
                "dynamic_ownership" => conf with { DynamicOwnership = Flag(value, where) },
                _ => conf,
            };
        }
        return conf;
    }

    private static bool Flag(string value, string where) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v)
            ? v != 0
            : throw new FormatException($"{where}: '{value}' is not 0 or 1");
}
