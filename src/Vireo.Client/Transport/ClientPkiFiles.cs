using Vireo.Client.Uris;

namespace Vireo.Client.Transport;

/// <summary>
/// The client's x509 files, found as libvirt finds them: <c>pkipath=DIR</c> → DIR/cacert.pem, DIR/clientcert.pem,
/// DIR/clientkey.pem; otherwise, for a non-root user, ~/.pki/libvirt/ first, each file falling back to the
/// system one (/etc/pki/CA/cacert.pem, /etc/pki/libvirt/clientcert.pem, /etc/pki/libvirt/private/clientkey.pem).
/// </summary>
public sealed record ClientPkiFiles(string CaCert, string ClientCert, string ClientKey)
{
    public static ClientPkiFiles For(ConnectionUri uri)
    {
        if (uri.Get("pkipath") is { Length: > 0 } dir)
            return new(Path.Combine(dir, "cacert.pem"), Path.Combine(dir, "clientcert.pem"), Path.Combine(dir, "clientkey.pem"));
        var system = new ClientPkiFiles("/etc/pki/CA/cacert.pem", "/etc/pki/libvirt/clientcert.pem", "/etc/pki/libvirt/private/clientkey.pem");
        if (Environment.UserName == "root" || Environment.GetFolderPath(Environment.SpecialFolder.UserProfile) is not { Length: > 0 } home)
            return system;
        string user = Path.Combine(home, ".pki", "libvirt");
        string Pick(string name, string fallback) => File.Exists(Path.Combine(user, name)) ? Path.Combine(user, name) : fallback;
        return new(Pick("cacert.pem", system.CaCert), Pick("clientcert.pem", system.ClientCert), Pick("clientkey.pem", system.ClientKey));
    }
}
