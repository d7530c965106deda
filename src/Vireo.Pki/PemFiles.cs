using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Vireo.Pki;

/// <summary>Writes certificates, keys and CRLs as PEM files, atomically; private keys readable by their owner only.</summary>
public static class PemFiles
{
    public static void WriteCert(string path, X509Certificate2 cert) => Write(path, cert.ExportCertificatePem() + "\n", secret: false);

    public static void WriteKey(string path, RSA key) => Write(path, key.ExportPkcs8PrivateKeyPem() + "\n", secret: true);

    public static void WriteCrl(string path, byte[] der) => Write(path, PemEncoding.WriteString("X509 CRL", der) + "\n", secret: false);

    public static byte[] ReadCrl(string path)
    {
        string text = File.ReadAllText(path);
        var pem = PemEncoding.Find(text);
        return Convert.FromBase64String(text[pem.Base64Data]);
    }

    public static void Copy(string from, string to) => Write(to, File.ReadAllText(from), secret: false);

    private static void Write(string path, string text, bool secret)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        string tmp = path + ".tmp-" + Environment.ProcessId;
        var mode = secret ? UnixFileMode.UserRead | UnixFileMode.UserWrite
            : UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
        using (var f = new FileStream(tmp, new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, UnixCreateMode = mode }))
        {
            f.Write(System.Text.Encoding.ASCII.GetBytes(text));
            f.Flush(flushToDisk: true);
        }
        File.SetUnixFileMode(tmp, mode); // an existing temp file keeps its old mode otherwise
        File.Move(tmp, path, overwrite: true);
    }
}
