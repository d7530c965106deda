using System.Buffers.Binary;
using System.Text;
using Vireo.Model.Domain;

namespace Vireo.Drivers.Test.Domains;

/// <summary>
/// The test driver's save image, byte-compatible with libvirt's: the 15-byte magic "TestGuestMagic\0", the XML
/// length as a 32-bit little-endian int, then the domain XML (secure, live). Restore always resumes running.
/// </summary>
internal static class TestSaveImage
{
    private static readonly byte[] Magic = "TestGuestMagic\0"u8.ToArray();
    private const int LengthSize = 4;

    /// <summary>libvirt caps the XML at 8 KiB; we accept more so large definitions of ours still restore.</summary>
    private const int MaxXmlLength = 16 * 1024 * 1024;

    /// <summary>Writes an image (mode 0600); a failed write leaves no file behind.</summary>
    public static void Write(string path, string domainName, DomainDefinition live)
    {
        var xml = Encoding.UTF8.GetBytes(live.ToXml(DomainXmlFormatFlags.Secure));
        FileStream stream;
        try
        {
            stream = new FileStream(path, new FileStreamOptions
            {
                Mode = FileMode.Create,
                Access = FileAccess.Write,
                UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
            });
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw TestErrors.System($"saving domain '{domainName}' to '{path}': open failed", TestErrors.StrError(e));
        }
        try
        {
            using (stream)
            {
                Span<byte> len = stackalloc byte[LengthSize];
                BinaryPrimitives.WriteInt32LittleEndian(len, xml.Length);
                stream.Write(Magic);
                stream.Write(len);
                stream.Write(xml);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            TryDelete(path);
            throw TestErrors.System($"saving domain '{domainName}' to '{path}': write failed", TestErrors.StrError(e));
        }
    }

    /// <summary>Reads the domain XML out of an image, with libvirt's error for each way it can be wrong.</summary>
    public static string Read(string path)
    {
        byte[] data;
        try
        {
            data = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw TestErrors.System($"cannot read domain image '{path}'", TestErrors.StrError(e));
        }
        // A short read reports errno 0, which libvirt prints as "Success".
        if (data.Length < Magic.Length)
            throw TestErrors.System($"incomplete save header in '{path}'", "Success");
        if (!data.AsSpan(0, Magic.Length).SequenceEqual(Magic))
            throw TestErrors.Internal("mismatched header magic");
        if (data.Length < Magic.Length + LengthSize)
            throw TestErrors.System($"failed to read metadata length in '{path}'", "Success");
        int len = BinaryPrimitives.ReadInt32LittleEndian(data.AsSpan(Magic.Length, LengthSize));
        if (len < 1 || len > MaxXmlLength)
            throw TestErrors.Internal("length of metadata out of range");
        int start = Magic.Length + LengthSize;
        if (data.Length - start < len)
            throw TestErrors.System($"incomplete metadata in '{path}'", "Success");
        return Encoding.UTF8.GetString(data, start, len);
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // already failing; the original error is the one to report
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
