using System.Text;
using Vireo.Images.Internal;

namespace Vireo.Images.Qcow2;

/// <summary>One internal snapshot (an entry of the snapshot table).</summary>
public sealed record SnapshotInfo(string Id, string Name, long L1TableOffset, int L1Size, uint DateSec, uint DateNsec,
    ulong VmClockNsec, long VmStateSize, long? DiskSize, ulong? Icount);

/// <summary>The snapshot table: parsing (internal snapshots are listed and their clusters respected).</summary>
public static class Snapshots
{
    /// <summary>Reads the snapshot table; validates every L1 table against the limits and the file.</summary>
    public static List<SnapshotInfo> Read(Func<long, int, byte[]> read, Header h, string path, long fileLength, out long tableBytes)
    {
        var list = new List<SnapshotInfo>();
        long at = (long)h.SnapshotsOffset;
        for (int i = 0; i < h.NbSnapshots; i++)
        {
            var fix = read(at, 40);
            long l1 = (long)BE.U64(fix, 0);
            uint l1Size = BE.U32(fix, 8);
            int idLen = BE.U16(fix, 12), nameLen = BE.U16(fix, 14);
            uint dateSec = BE.U32(fix, 16), dateNsec = BE.U32(fix, 20);
            ulong vmClock = BE.U64(fix, 24);
            uint vmState = BE.U32(fix, 32), extraLen = BE.U32(fix, 36);
            if (extraLen > 1024)
                throw new ImageFormatException(path, $"snapshot {i}: extra data of {extraLen} bytes is too large");
            if ((long)l1Size * 8 > ImageLimits.MaxL1Bytes)
                throw new ImageFormatException(path, $"snapshot {i}: L1 table of {l1Size} entries is too large");
            if (l1Size > 0 && (l1 < 0 || (l1 & (h.ClusterSize - 1)) != 0 || l1 >= fileLength || fileLength - l1 < (long)l1Size * 8))
                throw new ImageFormatException(path, $"snapshot {i}: L1 table offset 0x{l1:x} is invalid");
            var extra = extraLen > 0 ? read(at + 40, (int)extraLen) : Array.Empty<byte>();
            var strs = read(at + 40 + extraLen, idLen + nameLen);
            long vmStateLarge = vmState;
            long? diskSize = null;
            ulong? icount = null;
            if (extra.Length >= 8)
                vmStateLarge = (long)BE.U64(extra, 0);
            if (extra.Length >= 16)
                diskSize = (long)BE.U64(extra, 8);
            if (extra.Length >= 24)
                icount = BE.U64(extra, 16);
            list.Add(new SnapshotInfo(Encoding.UTF8.GetString(strs, 0, idLen), Encoding.UTF8.GetString(strs, idLen, nameLen),
                l1, (int)l1Size, dateSec, dateNsec, vmClock, vmStateLarge, diskSize, icount));
            at += 40 + extraLen + idLen + nameLen;
            at = (at + 7) & ~7L;
        }
        tableBytes = at - (long)h.SnapshotsOffset;
        return list;
    }

    /// <summary>Size in bytes of the snapshot table as stored.</summary>
    public static long TableSize(IEnumerable<SnapshotInfo> list, Header h) =>
        list.Sum(s => (40 + (h.Version >= 3 ? 24 : 16) + Encoding.UTF8.GetByteCount(s.Id) + Encoding.UTF8.GetByteCount(s.Name) + 7) & ~7L);
}

/// <summary>Serialises the snapshot table.</summary>
public static class SnapshotTableWriter
{
    /// <summary>The table as qemu 7.2 writes it: each entry with 24 bytes of extra data, padded to 8 bytes.</summary>
    public static byte[] Build(IReadOnlyList<SnapshotInfo> list, long virtualSize)
    {
        var ms = new MemoryStream();
        foreach (var s in list)
        {
            var id = Encoding.UTF8.GetBytes(s.Id);
            var name = Encoding.UTF8.GetBytes(s.Name);
            var fix = new byte[40 + 24];
            BE.Put(fix, 0, (ulong)s.L1TableOffset);
            BE.Put(fix, 8, (uint)s.L1Size);
            BE.Put(fix, 12, (ushort)id.Length);
            BE.Put(fix, 14, (ushort)name.Length);
            BE.Put(fix, 16, s.DateSec);
            BE.Put(fix, 20, s.DateNsec);
            BE.Put(fix, 24, s.VmClockNsec);
            BE.Put(fix, 32, (uint)Math.Min(s.VmStateSize, uint.MaxValue));
            BE.Put(fix, 36, 24u);
            BE.Put(fix, 40, (ulong)s.VmStateSize);
            BE.Put(fix, 48, (ulong)(s.DiskSize ?? virtualSize));
            BE.Put(fix, 56, s.Icount ?? ulong.MaxValue);
            ms.Write(fix);
            ms.Write(id);
            ms.Write(name);
            while (ms.Length % 8 != 0)
                ms.WriteByte(0);
        }
        return ms.ToArray();
    }
}
