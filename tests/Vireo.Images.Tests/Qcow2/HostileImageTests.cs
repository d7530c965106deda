#pragma warning disable xUnit1031 // these tests drive the synchronous paths on purpose
using System.Buffers.Binary;
using System.Security.Cryptography;
using Vireo.Images.Qcow2;

namespace Vireo.Images.Tests.Qcow2;

/// <summary>Corrupt and hostile images: a clear error naming the image and the fact, no crash, file unchanged.</summary>
public class HostileImageTests
{
    private static string Make(TempDir d, string name = "h.qcow2", long size = 1 << 20, int cs = 65536)
    {
        Qcow2Image.Create(d[name], new Qcow2CreateOptions { Size = size, ClusterSize = cs });
        using var img = Qcow2Image.Open(d[name], new ImageOpenOptions { Writable = true });
        img.WriteAsync(0, new byte[] { 1, 2, 3 }).AsTask().Wait();
        return d[name];
    }

    private static void Patch(string path, long offset, ulong value, int width = 8)
    {
        using var f = File.OpenHandle(path, FileMode.Open, FileAccess.ReadWrite);
        var b = new byte[width];
        if (width == 8)
            BinaryPrimitives.WriteUInt64BigEndian(b, value);
        else
            BinaryPrimitives.WriteUInt32BigEndian(b, (uint)value);
        RandomAccess.Write(f, b, offset);
    }

    private static Exception OpenAndReadFails(string path, bool writable = false)
    {
        string before = Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path)));
        var e = Record.Exception(() =>
        {
            using var img = Image.Open(path, new ImageOpenOptions { Writable = writable });
            var buf = new byte[img.VirtualSize];
            img.ReadAsync(0, buf).AsTask().GetAwaiter().GetResult();
        });
        Assert.NotNull(e);
        Assert.Equal(before, Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path))));
        Assert.Contains(path, e!.Message);
        return e;
    }

    [Fact]
    public void L1PastEndOfFile()
    {
        using var d = new TempDir();
        var p = Make(d);
        Patch(p, Header.OffL1TableOffset, 1UL << 40);
        var e = OpenAndReadFails(p);
        Assert.IsType<ImageFormatException>(e);
        Assert.Contains("L1 table", e.Message);
        Assert.Contains("past the end of the file", e.Message);
    }

    [Fact]
    public void L2PastEndOfFile()
    {
        using var d = new TempDir();
        var p = Make(d);
        Patch(p, 3 * 65536, (1UL << 40) | L1L2.Copied);
        var e = OpenAndReadFails(p, writable: true);
        Assert.Contains("L2 table", e.Message);
    }

    [Fact]
    public void DataClusterPastEndOfFile()
    {
        using var d = new TempDir();
        var p = Make(d);
        Patch(p, 4 * 65536, (1UL << 40) | L1L2.Copied);
        var e = OpenAndReadFails(p);
        Assert.Contains("past the end of the file", e.Message);
    }

    [Fact]
    public void TruncatedImage()
    {
        using var d = new TempDir();
        var p = Make(d);
        using (var f = File.OpenWrite(p))
            f.SetLength(65536 + 100);
        var e = OpenAndReadFails(p);
        Assert.IsType<ImageFormatException>(e);
    }

    [Fact]
    public void HugeVirtualSizeAndTables()
    {
        using var d = new TempDir();
        var p = Make(d);
        Patch(p, Header.OffSize, ulong.MaxValue / 2);
        Assert.Contains("virtual size", OpenAndReadFails(p).Message);
        var p2 = Make(d, "h2.qcow2");
        Patch(p2, Header.OffL1Size, 0x7fffffff, 4);
        Assert.Contains("L1 table of", OpenAndReadFails(p2).Message);
        var p3 = Make(d, "h3.qcow2");
        Patch(p3, Header.OffRefcountTableClusters, 0x7fffffff, 4);
        Assert.Contains("refcount table", OpenAndReadFails(p3).Message);
        var p4 = Make(d, "h4.qcow2");
        Patch(p4, Header.OffClusterBits, 40, 4);
        Assert.Contains("cluster size", OpenAndReadFails(p4).Message);
    }

    [Fact]
    public void RefcountOverflowIsRefused()
    {
        using var d = new TempDir();
        Qcow2Image.Create(d["r.qcow2"], new Qcow2CreateOptions { Size = 1 << 20, ClusterSize = 65536, RefcountBits = 1 });
        using var img = Qcow2Image.Open(d["r.qcow2"], new ImageOpenOptions { Writable = true });
        var e = Assert.Throws<ImageFormatException>(() => img.Refcounts.Add(0, 1));
        Assert.Contains("overflow", e.Message);
    }

    [Fact]
    public void BackingChainLoopIsRefused()
    {
        using var d = new TempDir();
        Qcow2Image.Create(d["a.qcow2"], new Qcow2CreateOptions { Size = 1 << 20, BackingFile = "b.qcow2", BackingFormat = "qcow2" });
        Qcow2Image.Create(d["b.qcow2"], new Qcow2CreateOptions { Size = 1 << 20, BackingFile = "a.qcow2", BackingFormat = "qcow2" });
        var e = OpenAndReadFails(d["a.qcow2"]);
        Assert.Contains("loops", e.Message);
    }

    [Fact]
    public void SelfBackingIsRefused()
    {
        using var d = new TempDir();
        Qcow2Image.Create(d["a.qcow2"], new Qcow2CreateOptions { Size = 1 << 20, BackingFile = "a.qcow2", BackingFormat = "qcow2" });
        Assert.Contains("loops", OpenAndReadFails(d["a.qcow2"]).Message);
    }

    [Fact]
    public void ProtocolAndJsonBackingNamesAreRefused()
    {
        using var d = new TempDir();
        Qcow2Image.Create(d["j.qcow2"], new Qcow2CreateOptions { Size = 1 << 20, BackingFile = "json:{\"file.filename\":\"/etc/shadow\"}", BackingFormat = "raw" });
        Assert.Contains("'json:' protocol prefix", OpenAndReadFails(d["j.qcow2"]).Message);
        Qcow2Image.Create(d["n.qcow2"], new Qcow2CreateOptions { Size = 1 << 20, BackingFile = "nbd:evil.example:10809", BackingFormat = "raw" });
        Assert.Contains("'nbd:' protocol prefix", OpenAndReadFails(d["n.qcow2"]).Message);
        Assert.Throws<ImageNotSupportedException>(() => Image.Open("json:{}"));
    }

    [Fact]
    public void BackingWithoutFormatIsNotProbedAsQcow2()
    {
        using var d = new TempDir();
        Qcow2Image.Create(d["base.qcow2"], new Qcow2CreateOptions { Size = 1 << 20 });
        Qcow2Image.Create(d["top.qcow2"], new Qcow2CreateOptions { Size = 1 << 20, BackingFile = "base.qcow2" });
        Assert.Contains("refusing to guess", OpenAndReadFails(d["top.qcow2"]).Message);
        // a raw backing file without a recorded format is fine: raw is never read as anything else
        File.WriteAllBytes(d["base.raw"], new byte[1 << 20]);
        Qcow2Image.Create(d["top2.qcow2"], new Qcow2CreateOptions { Size = 1 << 20, BackingFile = "base.raw" });
        using var img = Image.Open(d["top2.qcow2"]);
        Assert.Equal("raw", img.Backing!.Format);
    }

    [Fact]
    public void BackingOutsideAllowedDirectoriesIsRefused()
    {
        using var d = new TempDir();
        Qcow2Image.Create(d["t.qcow2"], new Qcow2CreateOptions { Size = 1 << 20, BackingFile = "/etc/hostname", BackingFormat = "raw" });
        var e = Assert.Throws<ImageFormatException>(() => Image.Open(d["t.qcow2"], new ImageOpenOptions { AllowedBackingDirectories = new[] { d.Path } }));
        Assert.Contains("outside the allowed directories", e.Message);
    }

    [Fact]
    public void CorruptAndDirtyBitsBlockWrites()
    {
        using var d = new TempDir();
        var p = Make(d);
        Patch(p, Header.OffIncompatible, Header.IncompatCorrupt);
        Assert.Contains("marked corrupt", Assert.Throws<ImageFormatException>(() => Image.Open(p, new ImageOpenOptions { Writable = true })).Message);
        using (Image.Open(p)) { } // read-only is allowed
        Patch(p, Header.OffIncompatible, Header.IncompatDirty);
        Assert.Contains("dirty", Assert.Throws<ImageFormatException>(() => Image.Open(p, new ImageOpenOptions { Writable = true })).Message);
    }

    [Fact]
    public void UnknownIncompatibleFeatureIsNamed()
    {
        using var d = new TempDir();
        var p = Make(d);
        Patch(p, Header.OffIncompatible, 1UL << 4);
        Assert.Contains("extended L2", Assert.Throws<ImageNotSupportedException>(() => Image.Open(p)).Message);
        Patch(p, Header.OffIncompatible, 1UL << 20);
        Assert.Contains("bit 20", Assert.Throws<ImageNotSupportedException>(() => Image.Open(p)).Message);
    }

    [Fact]
    public void OldFormatsAreRejectedWithAConversionHint()
    {
        using var d = new TempDir();
        File.WriteAllBytes(d["x.cow"], new byte[] { 0x4f, 0x4f, 0x4f, 0x4d, 0, 0, 0, 2 });
        Assert.Contains("convert with", Assert.Throws<ImageNotSupportedException>(() => Image.Open(d["x.cow"])).Message);
        File.WriteAllBytes(d["x.cloop"], "#!/bin/sh\n#V2.0 Format: cloop\n"u8.ToArray());
        Assert.Contains("convert with", Assert.Throws<ImageNotSupportedException>(() => Image.Open(d["x.cloop"])).Message);
        var p = Make(d);
        Patch(p, Header.OffCryptMethod, 1, 4);
        Assert.Contains("AES encryption is not supported", Assert.Throws<ImageNotSupportedException>(() => Image.Open(p)).Message);
    }

    [Fact]
    public void OverlapCheckStopsAWriteOntoMetadata()
    {
        using var d = new TempDir();
        var p = Make(d);
        // claim the L1 table's cluster is free: the next allocation would land on it
        Patch(p, 2 * 65536 + 3 * 2, 0, 4); // refcount of clusters 3 and 4 -> 0
        using var img = Qcow2Image.Open(p, new ImageOpenOptions { Writable = true });
        var e = Assert.Throws<ImageFormatException>(() => img.WriteAsync(1 << 19, new byte[65536]).AsTask().GetAwaiter().GetResult());
        Assert.Contains("metadata overlap", e.Message);
    }

    [Fact]
    public void FuzzedHeadersNeverCrash()
    {
        using var d = new TempDir();
        var p = Make(d);
        var good = File.ReadAllBytes(p);
        var rng = new Random(42);
        for (int i = 0; i < 300; i++)
        {
            var b = (byte[])good.Clone();
            int flips = rng.Next(1, 8);
            for (int k = 0; k < flips; k++)
            {
                int at = rng.Next(2) == 0 ? rng.Next(0, 112) : rng.Next(0, b.Length);
                b[at] = (byte)rng.Next(256);
            }
            File.WriteAllBytes(d["f.qcow2"], b);
            try
            {
                using var img = Image.Open(d["f.qcow2"], new ImageOpenOptions { Format = "qcow2", OpenBacking = false });
                var buf = new byte[Math.Min(img.VirtualSize, 4 << 20)];
                img.ReadAsync(0, buf).AsTask().GetAwaiter().GetResult();
            }
            catch (Exception e) when (e is ImageFormatException or ImageNotSupportedException or FileNotFoundException)
            {
            }
        }
    }
}
