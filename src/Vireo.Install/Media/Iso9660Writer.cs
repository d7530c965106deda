using System.Buffers.Binary;
using System.Text;

namespace Vireo.Install.Media;

/// <summary>
/// A minimal ISO 9660 image with a few files in its root directory (names "USER-DATA.;1", which Linux shows as
/// "user-data"): enough for a cloud-init NoCloud seed labelled "cidata".
/// </summary>
public static class Iso9660Writer
{
    private const int Sector = 2048;

    public static void Write(string path, string volumeId, IReadOnlyList<(string Name, byte[] Data)> files)
    {
        const int pvdLba = 16, pathLLba = 18, pathMLba = 19, rootLba = 20;
        int next = 21;
        var placed = new List<(string IsoName, byte[] Data, int Lba)>();
        foreach (var (name, data) in files)
        {
            placed.Add((name.ToUpperInvariant() + ".;1", data, next));
            next += Math.Max(1, (data.Length + Sector - 1) / Sector);
        }

        var image = new byte[(long)next * Sector];
        var root = new List<byte>();
        root.AddRange(Record(new[] { (byte)0 }, rootLba, Sector, true));
        root.AddRange(Record(new[] { (byte)1 }, rootLba, Sector, true));
        foreach (var (isoName, data, lba) in placed)
        {
            root.AddRange(Record(Encoding.ASCII.GetBytes(isoName), lba, data.Length, false));
            data.CopyTo(image, (long)lba * Sector);
        }

        root.CopyTo(image, rootLba * Sector);

        var pvd = image.AsSpan(pvdLba * Sector, Sector);
        pvd[0] = 1;
        Encoding.ASCII.GetBytes("CD001").CopyTo(pvd[1..]);
        pvd[6] = 1;
        Pad(pvd.Slice(8, 32), "LINUX");
        Pad(pvd.Slice(40, 32), volumeId.ToUpperInvariant());
        Both32(pvd[80..], next);
        Both16(pvd[120..], 1);
        Both16(pvd[124..], 1);
        Both16(pvd[128..], Sector);
        Both32(pvd[132..], 10);
        BinaryPrimitives.WriteInt32LittleEndian(pvd[140..], pathLLba);
        BinaryPrimitives.WriteInt32BigEndian(pvd[148..], pathMLba);
        Record(new[] { (byte)0 }, rootLba, Sector, true).CopyTo(pvd[156..]);
        Pad(pvd.Slice(190, 623), "");
        for (int at = 813; at < 813 + 4 * 17; at += 17)
            Pad(pvd.Slice(at, 16), "0000000000000000");
        pvd[881] = 1;

        var term = image.AsSpan((pvdLba + 1) * Sector, Sector);
        term[0] = 255;
        Encoding.ASCII.GetBytes("CD001").CopyTo(term[1..]);
        term[6] = 1;

        foreach (var (lba, big) in new[] { (pathLLba, false), (pathMLba, true) })
        {
            var pt = image.AsSpan(lba * Sector, 10);
            pt[0] = 1;
            if (big)
            {
                BinaryPrimitives.WriteInt32BigEndian(pt[2..], rootLba);
                BinaryPrimitives.WriteInt16BigEndian(pt[6..], 1);
            }
            else
            {
                BinaryPrimitives.WriteInt32LittleEndian(pt[2..], rootLba);
                BinaryPrimitives.WriteInt16LittleEndian(pt[6..], 1);
            }
        }

        var tmp = path + ".tmp";
        File.WriteAllBytes(tmp, image);
        File.Move(tmp, path, overwrite: true);
    }

    private static byte[] Record(byte[] name, int lba, int size, bool dir)
    {
        int len = 33 + name.Length + (name.Length % 2 == 0 ? 1 : 0);
        var r = new byte[len];
        r[0] = (byte)len;
        Both32(r.AsSpan(2), lba);
        Both32(r.AsSpan(10), size);
        r[18] = 126; // recording date: 2026-01-01 00:00:00 UTC
        r[19] = 1;
        r[20] = 1;
        r[25] = (byte)(dir ? 2 : 0);
        Both16(r.AsSpan(28), 1);
        r[32] = (byte)name.Length;
        name.CopyTo(r, 33);
        return r;
    }

    private static void Both32(Span<byte> s, int v)
    {
        BinaryPrimitives.WriteInt32LittleEndian(s, v);
        BinaryPrimitives.WriteInt32BigEndian(s[4..], v);
    }

    private static void Both16(Span<byte> s, int v)
    {
        BinaryPrimitives.WriteInt16LittleEndian(s, (short)v);
        BinaryPrimitives.WriteInt16BigEndian(s[2..], (short)v);
    }

    private static void Pad(Span<byte> s, string text)
    {
        s.Fill((byte)' ');
        Encoding.ASCII.GetBytes(text).CopyTo(s);
    }
}
