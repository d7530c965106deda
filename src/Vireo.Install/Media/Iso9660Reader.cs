using System.Buffers.Binary;
using System.Text;

namespace Vireo.Install.Media;

/// <summary>
/// Just enough ISO 9660 to find and read an installer's kernel and initrd: the primary volume descriptor's
/// directory tree, with Rock Ridge (NM) names when present, else the plain names without ";1" (matched
/// case-insensitively). No NuGet ISO reader is available offline here, hence this small one.
/// </summary>
public sealed class Iso9660Reader : IDisposable
{
    private const int Sector = 2048;
    private readonly FileStream _file;
    private readonly Entry _root;

    public sealed record Entry(string Name, long Lba, long Length, bool IsDirectory);

    private Iso9660Reader(FileStream file, Entry root)
    {
        _file = file;
        _root = root;
    }

    /// <summary>Opens the image; fails with a clear message when it is not ISO 9660.</summary>
    public static Iso9660Reader Open(string path)
    {
        var file = File.OpenRead(path);
        try
        {
            var pvd = new byte[Sector];
            for (int lba = 16; ; lba++)
            {
                file.Position = (long)lba * Sector;
                if (file.Read(pvd) != Sector || Encoding.ASCII.GetString(pvd, 1, 5) != "CD001")
                    throw new InstallException($"Error validating install location: '{path}' is not an ISO 9660 image");
                if (pvd[0] == 1)
                    break;
                if (pvd[0] == 255)
                    throw new InstallException($"Error validating install location: '{path}' has no primary volume descriptor");
            }

            var root = ParseRecord(pvd.AsSpan(156, 34)) ?? throw new InstallException($"'{path}': bad root directory record");
            return new Iso9660Reader(file, root);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <summary>The file at a '/'-separated path, or null.</summary>
    public Entry? Find(string path)
    {
        var entry = _root;
        foreach (var part in path.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (!entry.IsDirectory)
                return null;
            var next = List(entry).FirstOrDefault(e => string.Equals(e.Name, part, StringComparison.OrdinalIgnoreCase));
            if (next == null)
                return null;
            entry = next;
        }

        return entry;
    }

    public IReadOnlyList<Entry> List(Entry dir)
    {
        var data = new byte[dir.Length];
        _file.Position = dir.Lba * Sector;
        _file.ReadExactly(data);
        var result = new List<Entry>();
        int pos = 0;
        while (pos < data.Length)
        {
            int len = data[pos];
            if (len == 0)
            {
                pos = (pos / Sector + 1) * Sector; // records do not cross sectors: skip the padding
                continue;
            }

            if (ParseRecord(data.AsSpan(pos, len)) is { } e && e.Name is not ("\0" or "\u0001"))
                result.Add(e);
            pos += len;
        }

        return result;
    }

    public void CopyTo(Entry file, Stream output)
    {
        _file.Position = file.Lba * Sector;
        var buffer = new byte[1 << 16];
        long left = file.Length;
        while (left > 0)
        {
            int n = _file.Read(buffer, 0, (int)Math.Min(buffer.Length, left));
            if (n <= 0)
                throw new InstallException("ISO image is truncated");
            output.Write(buffer, 0, n);
            left -= n;
        }
    }

    private static Entry? ParseRecord(ReadOnlySpan<byte> r)
    {
        if (r.Length < 34)
            return null;
        long lba = BinaryPrimitives.ReadUInt32LittleEndian(r[2..]);
        long length = BinaryPrimitives.ReadUInt32LittleEndian(r[10..]);
        bool dir = (r[25] & 2) != 0;
        int nameLen = r[32];
        var raw = r.Slice(33, nameLen);
        string name = nameLen == 1 && raw[0] <= 1 ? ((char)raw[0]).ToString() : Encoding.ASCII.GetString(raw);
        int su = 33 + nameLen + (nameLen % 2 == 0 ? 1 : 0);
        var rockRidge = su < r.Length ? RockRidgeName(r[su..]) : null;
        if (rockRidge != null)
            name = rockRidge;
        else if (name.Length > 1)
        {
            int semi = name.IndexOf(';');
            if (semi >= 0)
                name = name[..semi];
            name = name.TrimEnd('.');
        }

        return new Entry(name, lba, length, dir);
    }

    // the Rock Ridge "NM" entries of a record's system use area, concatenated
    private static string? RockRidgeName(ReadOnlySpan<byte> su)
    {
        StringBuilder? sb = null;
        int p = 0;
        while (p + 4 <= su.Length)
        {
            int len = su[p + 2];
            if (len < 4 || p + len > su.Length)
                break;
            if (su[p] == 'N' && su[p + 1] == 'M' && len >= 5)
                (sb ??= new StringBuilder()).Append(Encoding.UTF8.GetString(su.Slice(p + 5, len - 5)));
            p += len;
        }

        return sb?.ToString();
    }

    public void Dispose() => _file.Dispose();
}
