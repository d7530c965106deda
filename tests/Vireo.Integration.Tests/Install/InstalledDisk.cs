using System.Buffers.Binary;
using Vireo.Integration.Tests.Infrastructure;

namespace Vireo.Integration.Tests.Install;

/// <summary>
/// What the installer left on a guest's disk, read with the real tools: qemu-img converts the volume to raw, the MBR
/// is read from it, and debugfs (e2fsprogs) lists and reads the installed /boot on the first partition.
/// </summary>
internal sealed class InstalledDisk
{
    private const int Sector = 512;

    private InstalledDisk(byte[] mbr, string listing, string extlinuxConf)
    {
        Mbr = mbr;
        BootListing = listing;
        ExtlinuxConf = extlinuxConf;
    }

    public byte[] Mbr { get; }

    /// <summary>debugfs's "ls -l /boot" of the first partition.</summary>
    public string BootListing { get; }

    public string ExtlinuxConf { get; }

    public bool HasBootSignature => Mbr[510] == 0x55 && Mbr[511] == 0xAA;

    /// <summary>The first partition entry: active flag, type, first sector.</summary>
    public (byte Flag, byte Type, uint Start) FirstPartition =>
        (Mbr[446], Mbr[446 + 4], BinaryPrimitives.ReadUInt32LittleEndian(Mbr.AsSpan(446 + 8, 4)));

    public static InstalledDisk Read(string volume, string scratchDir)
    {
        var raw = Path.Combine(scratchDir, Path.GetFileName(volume) + ".raw");
        try
        {
            ProcessRunner.Run("qemu-img", ["convert", "-O", "raw", volume, raw], timeout: TimeSpan.FromMinutes(2)).EnsureSuccess();
            var mbr = new byte[Sector];
            using (var f = File.OpenRead(raw))
                f.ReadExactly(mbr);
            var start = BinaryPrimitives.ReadUInt32LittleEndian(mbr.AsSpan(446 + 8, 4));
            var fs = $"{raw}?offset={(long)start * Sector}";
            var ls = ProcessRunner.Run("debugfs", ["-R", "ls -l /boot", fs]).EnsureSuccess().Stdout;
            var conf = ProcessRunner.Run("debugfs", ["-R", "cat /boot/extlinux.conf", fs]).EnsureSuccess().Stdout;
            return new InstalledDisk(mbr, ls, conf);
        }
        finally
        {
            File.Delete(raw);
        }
    }
}
