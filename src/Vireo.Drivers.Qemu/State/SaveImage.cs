using System.Buffers.Binary;
using System.Text;

namespace Vireo.Drivers.Qemu.State;

/// <summary>
/// A saved domain (virsh save): a fixed header, the domain XML, then QEMU's migration stream from a 4 KiB-aligned
/// offset, so `restore` needs only the file. The layout mirrors libvirt's "LibvirtQemudSave" header in spirit
/// (magic, version, XML length, whether the guest was running) but is our own format.
/// </summary>
public sealed record SaveImage(string Xml, bool WasRunning, long StreamOffset)
{
    /// <summary>File magic (16 bytes).</summary>
    public static ReadOnlySpan<byte> Magic => "VireoQemuSave\n\0\0"u8;

    private const int MagicLength = 16;
    private const int VersionOffset = 16;
    private const int XmlLengthOffset = 20;
    private const int RunningOffset = 24;
    private const int HeaderLength = 64;
    private const int StreamAlignment = 4096;
    private const uint CurrentVersion = 1;

    /// <summary>Writes header and XML (padded to the stream offset) to a new file; QEMU appends its stream after.</summary>
    public static SaveImage Create(string path, string xml, bool wasRunning)
    {
        var xmlBytes = Encoding.UTF8.GetBytes(xml);
        long offset = (HeaderLength + xmlBytes.Length + StreamAlignment - 1) / StreamAlignment * StreamAlignment;
        var header = new byte[offset];
        Magic.CopyTo(header);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(VersionOffset), CurrentVersion);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(XmlLengthOffset), (uint)xmlBytes.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(RunningOffset), wasRunning ? 1u : 0u);
        xmlBytes.CopyTo(header.AsSpan(HeaderLength));
        using (var fs = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            fs.Write(header);
            fs.Flush(flushToDisk: true);
        }
        return new SaveImage(xml, wasRunning, offset);
    }

    /// <summary>Reads the header; throws <see cref="InvalidDataException"/> naming the file for anything that is not a save image.</summary>
    public static SaveImage Read(string path)
    {
        using var fs = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        var header = new byte[HeaderLength];
        if (fs.ReadAtLeast(header, HeaderLength, throwOnEndOfStream: false) < HeaderLength || !header.AsSpan(0, MagicLength).SequenceEqual(Magic))
            throw new InvalidDataException($"{path} is not a saved domain image (bad magic)");
        uint version = BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(VersionOffset));
        if (version != CurrentVersion)
            throw new InvalidDataException($"{path}: save image version {version} is not supported (expected {CurrentVersion})");
        uint xmlLength = BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(XmlLengthOffset));
        if (xmlLength > 16 * 1024 * 1024 || HeaderLength + xmlLength > fs.Length)
            throw new InvalidDataException($"{path}: XML length {xmlLength} runs past the end of the file");
        var xml = new byte[xmlLength];
        fs.ReadExactly(xml);
        bool running = BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(RunningOffset)) != 0;
        long offset = (HeaderLength + xmlLength + StreamAlignment - 1) / StreamAlignment * StreamAlignment;
        return new SaveImage(Encoding.UTF8.GetString(xml), running, offset);
    }
}
