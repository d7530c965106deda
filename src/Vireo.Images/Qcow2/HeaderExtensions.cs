using System.Text;
using Vireo.Images.Internal;

namespace Vireo.Images.Qcow2;

/// <summary>The header extensions after the fixed header, and the backing file name; parse and write.</summary>
public sealed class HeaderExtensions
{
    public const uint End = 0, BackingFormat = 0xE2792ACA, FeatureNameTable = 0x6803f857, Bitmaps = 0x23852875,
        FullDiskEncryption = 0x0537be77, ExternalDataFile = 0x44415441;

    /// <summary>Backing file format from the extension, or null.</summary>
    public string? BackingFormatName { get; set; }

    /// <summary>Backing file name as stored, or null.</summary>
    public string? BackingFile { get; set; }

    /// <summary>True when the image has a feature name table (written for version 3).</summary>
    public bool HasFeatureTable { get; set; }

    /// <summary>Feature names from the table: (type, bit) → name.</summary>
    public Dictionary<(byte Type, byte Bit), string> FeatureNames { get; } = new();

    /// <summary>Extensions we do not interpret (bitmaps and unknown ones), kept verbatim for rewrites.</summary>
    public List<(uint Type, byte[] Data)> Others { get; } = new();

    /// <summary>qemu 7.2's feature name table, in its order.</summary>
    internal static readonly (byte Type, byte Bit, string Name)[] QemuFeatures =
    {
        (0, 0, "dirty bit"), (0, 1, "corrupt bit"), (0, 2, "external data file"), (0, 3, "compression type"),
        (0, 4, "extended L2 entries"), (1, 0, "lazy refcounts"), (2, 0, "bitmaps"), (2, 1, "raw external data"),
    };

    /// <summary>Parses the extensions in cluster 0 (<paramref name="cluster0"/>), after the fixed header.</summary>
    public static HeaderExtensions Parse(ReadOnlySpan<byte> cluster0, Header h, string path)
    {
        var e = new HeaderExtensions();
        int end = h.BackingFileOffset != 0 ? (int)Math.Min(h.BackingFileOffset, (ulong)cluster0.Length) : cluster0.Length;
        {
            int at = (int)h.HeaderLength;
            int count = 0;
            while (at + 8 <= end)
            {
                uint type = BE.U32(cluster0, at);
                uint len = BE.U32(cluster0, at + 4);
                at += 8;
                if (type == End)
                    break;
                if (len > end - at)
                    throw new ImageFormatException(path, $"header extension 0x{type:x8} of {len} bytes runs past the header area");
                if (++count > 1024)
                    throw new ImageFormatException(path, "too many header extensions");
                var data = cluster0.Slice(at, (int)len);
                switch (type)
                {
                    case BackingFormat:
                        e.BackingFormatName = Encoding.UTF8.GetString(data).TrimEnd('\0');
                        break;
                    case FeatureNameTable:
                        e.HasFeatureTable = true;
                        for (int i = 0; i + 48 <= data.Length; i += 48)
                        {
                            var name = Encoding.UTF8.GetString(data.Slice(i + 2, 46)).TrimEnd('\0');
                            e.FeatureNames[(data[i], data[i + 1])] = name;
                        }
                        break;
                    case ExternalDataFile:
                        throw new ImageNotSupportedException(path, "external data files are not supported (refused for safety)");
                    case FullDiskEncryption:
                        throw new ImageNotSupportedException(path, "encrypted qcow2 images (LUKS) are not supported");
                    default:
                        e.Others.Add((type, data.ToArray()));
                        break;
                }
                at += (int)((len + 7) & ~7u);
            }
        }
        if (h.BackingFileOffset != 0)
        {
            var name = cluster0.Slice((int)h.BackingFileOffset, (int)h.BackingFileSize);
            e.BackingFile = Encoding.UTF8.GetString(name);
            if (e.BackingFile.Contains('\0'))
                throw new ImageFormatException(path, "backing file name contains a NUL byte");
        }
        return e;
    }

    /// <summary>Builds cluster 0's contents after the fixed header: extensions, end marker, backing name.
    /// Sets the header's backing file offset/size. Returns the complete header area bytes.</summary>
    public byte[] Build(Header h)
    {
        var ms = new MemoryStream();
        ms.Write(h.ToBytes()); // provisional; rewritten below with the backing fields
        if ((h.Version >= 3 && h.ClusterSize > 4096) || BackingFormatName != null || Others.Count > 0)
        {
            if (BackingFormatName != null)
                WriteExt(ms, BackingFormat, Encoding.UTF8.GetBytes(BackingFormatName));
            // qemu-img 7.2 writes the table for version 3 images with clusters above 4 KiB only (measured)
            if (h.Version >= 3 && h.ClusterSize > 4096)
            {
                var table = new byte[QemuFeatures.Length * 48];
                for (int i = 0; i < QemuFeatures.Length; i++)
                {
                    table[i * 48] = QemuFeatures[i].Type;
                    table[i * 48 + 1] = QemuFeatures[i].Bit;
                    Encoding.ASCII.GetBytes(QemuFeatures[i].Name).CopyTo(table, i * 48 + 2);
                }
                WriteExt(ms, FeatureNameTable, table);
            }
            foreach (var (type, data) in Others)
                WriteExt(ms, type, data);
            WriteExt(ms, End, Array.Empty<byte>());
        }
        if (BackingFile != null)
        {
            var name = Encoding.UTF8.GetBytes(BackingFile);
            h.BackingFileOffset = (ulong)ms.Length;
            h.BackingFileSize = (uint)name.Length;
            ms.Write(name);
        }
        else
        {
            h.BackingFileOffset = 0;
            h.BackingFileSize = 0;
        }
        var all = ms.ToArray();
        h.ToBytes().CopyTo(all, 0);
        return all;
    }

    private static void WriteExt(MemoryStream ms, uint type, byte[] data)
    {
        Span<byte> hdr = stackalloc byte[8];
        BE.Put(hdr, 0, type);
        BE.Put(hdr, 4, (uint)data.Length);
        ms.Write(hdr);
        ms.Write(data);
        int pad = (8 - data.Length % 8) % 8;
        for (int i = 0; i < pad; i++)
            ms.WriteByte(0);
    }
}
