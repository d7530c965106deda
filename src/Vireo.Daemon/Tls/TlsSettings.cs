namespace Vireo.Daemon.Tls;

/// <summary>
/// Where the daemon's x509 files are (libvirtd.conf's ca_file, cert_file, key_file, crl_file) and how clients
/// are checked. Defaults follow libvirt's PKI layout: /etc/pki/CA/cacert.pem, /etc/pki/libvirt/servercert.pem,
/// /etc/pki/libvirt/private/serverkey.pem, /etc/pki/CA/cacrl.pem — under ROOT/etc/pki when vireod has --root.
/// </summary>
public sealed class TlsSettings
{
    public string? CaFile { get; set; }
    public string? CertFile { get; set; }
    public string? KeyFile { get; set; }
    public string? CrlFile { get; set; }
    /// <summary>tls_no_verify_certificate: accept clients without checking their certificate (testing only).</summary>
    public bool NoVerifyCertificate { get; set; }
    /// <summary>tls_allowed_dn_list: wildcard patterns of client DNs; null allows every certificate the CA signed.</summary>
    public List<string>? AllowedDnList { get; set; }
    /// <summary>Seconds a client may take over its TLS handshake before it is dropped.</summary>
    public int HandshakeTimeout { get; set; } = 10;

    /// <summary>The PKI directory: /etc/pki for the system daemon, ETC/pki under --root.</summary>
    public static string PkiRoot(Config.DaemonPaths paths) => paths.Etc == "/etc/vireo" ? "/etc/pki" : Path.Combine(paths.Etc, "pki");

    public string Ca(Config.DaemonPaths p) => CaFile ?? Path.Combine(PkiRoot(p), "CA", "cacert.pem");
    public string Cert(Config.DaemonPaths p) => CertFile ?? Path.Combine(PkiRoot(p), "libvirt", "servercert.pem");
    public string Key(Config.DaemonPaths p) => KeyFile ?? Path.Combine(PkiRoot(p), "libvirt", "private", "serverkey.pem");
    public string Crl(Config.DaemonPaths p) => CrlFile ?? Path.Combine(PkiRoot(p), "CA", "cacrl.pem");
}
