using System.Security.Cryptography;
using Vireo.Images.Qcow2;

namespace Vireo.Images.Tests.Qcow2;

/// <summary>Our images against the real qemu-img/qemu-io, both directions.</summary>
[Trait("Category", "Integration")]
public class InteropTests
{
    public static IEnumerable<object[]> Layouts()
    {
        foreach (var cs in new[] { 512, 4096, 65536, 2 << 20 })
            foreach (var compat in new[] { "0.10", "1.1" })
                yield return new object[] { cs, compat };
    }

    [Theory]
    [MemberData(nameof(Layouts))]
    public void CreateIsByteIdenticalToQemuImg(int clusterSize, string compat)
    {
        using var d = new TempDir();
        long size = clusterSize == 512 ? 64L << 20 : 10L << 30;
        Qcow2Image.Create(d["ours.qcow2"], new Qcow2CreateOptions { Size = size, ClusterSize = clusterSize, Compat = compat });
        Qemu.Img("create", "-q", "-f", "qcow2", "-o", $"cluster_size={clusterSize},compat={compat}", d["theirs.qcow2"], size.ToString());
        Qemu.AssertClean(d["ours.qcow2"]);
        Assert.Equal(File.ReadAllBytes(d["theirs.qcow2"]), File.ReadAllBytes(d["ours.qcow2"]));
    }

    [Fact]
    public void CreateWithBackingIsByteIdenticalToQemuImg()
    {
        using var d = new TempDir();
        Qemu.Img("create", "-q", "-f", "qcow2", d["base.qcow2"], "1G");
        Qcow2Image.Create(d["ours.qcow2"], new Qcow2CreateOptions { Size = 1L << 30, BackingFile = "base.qcow2", BackingFormat = "qcow2" });
        Qemu.Img("create", "-q", "-f", "qcow2", "-b", "base.qcow2", "-F", "qcow2", d["theirs.qcow2"]);
        Assert.Equal(File.ReadAllBytes(d["theirs.qcow2"]), File.ReadAllBytes(d["ours.qcow2"]));
    }

    /// <summary>Property-style: random writes, zeroes and discards applied through qemu-io to one copy and through
    /// Vireo.Images to another; both must be clean and identical, and we must read qemu's copy as qemu does.</summary>
    [Theory]
    [MemberData(nameof(Layouts))]
    public async Task RandomOperationsMatchQemuIo(int clusterSize, string compat)
    {
        foreach (int seed in new[] { 1, 2, 3 })
        {
            using var d = new TempDir();
            long size = Math.Max(8L << 20, 6L * clusterSize) + 12345 / 512 * 512;
            bool withBacking = seed == 3;
            if (withBacking)
            {
                Qemu.Img("create", "-q", "-f", "qcow2", "-o", $"cluster_size={clusterSize},compat={compat}", d["base.qcow2"], size.ToString());
                Qemu.Io(d["base.qcow2"], "qcow2", new[] { $"write -P 0x5a 0 {size}" });
                Qemu.Img("create", "-q", "-f", "qcow2", "-o", $"cluster_size={clusterSize},compat={compat}", "-b", "base.qcow2", "-F", "qcow2", d["q.qcow2"]);
            }
            else
            {
                Qemu.Img("create", "-q", "-f", "qcow2", "-o", $"cluster_size={clusterSize},compat={compat}", d["q.qcow2"], size.ToString());
            }
            File.Copy(d["q.qcow2"], d["v.qcow2"]);
            var rng = new Random(seed * 7919 + clusterSize);
            var commands = new List<string>();
            await using (var img = Image.Open(d["v.qcow2"], new ImageOpenOptions { Writable = true }))
            {
                for (int i = 0; i < 60; i++)
                {
                    int op = rng.Next(10);
                    if (op < 6)
                    {
                        long len = rng.Next(1, (int)Math.Min(3L * clusterSize + 777, 300_000));
                        long off = rng.NextInt64(0, size - len);
                        byte pattern = (byte)rng.Next(1, 255);
                        commands.Add($"write -P {pattern} {off} {len}");
                        var buf = new byte[len];
                        Array.Fill(buf, pattern);
                        await img.WriteAsync(off, buf);
                    }
                    else if (op < 8)
                    {
                        // whole clusters so both sides agree on the result (qemu ignores the unaligned parts of discards)
                        long n = rng.Next(1, 4);
                        long off = rng.NextInt64(0, size / clusterSize - n) * clusterSize;
                        commands.Add($"discard {off} {n * clusterSize}");
                        await img.DiscardAsync(off, n * clusterSize);
                    }
                    else
                    {
                        long len = rng.Next(1, 3 * clusterSize) / 512 * 512 + 512;
                        long off = rng.NextInt64(0, (size - len) / 512) * 512;
                        commands.Add($"write -z {off} {len}");
                        await img.WriteZeroesAsync(off, len);
                    }
                }
            }
            Qemu.Io(d["q.qcow2"], "qcow2", commands);
            Qemu.AssertClean(d["v.qcow2"]);
            Qemu.AssertClean(d["q.qcow2"]);
            Qemu.AssertSameContent(d["q.qcow2"], d["v.qcow2"]);
            // and we read qemu's image exactly as qemu-img converts it
            Qemu.Img("convert", "-O", "raw", d["q.qcow2"], d["q.raw"]);
            Assert.Equal(Hash(File.ReadAllBytes(d["q.raw"])), Hash(await ReadAll(d["q.qcow2"])));
        }
    }

    /// <summary>Snapshots taken, applied and deleted by us and by qemu-img on twin images stay identical and clean.</summary>
    [Theory]
    [InlineData(512, "1.1")]
    [InlineData(65536, "0.10")]
    [InlineData(65536, "1.1")]
    public async Task SnapshotsMatchQemuImg(int clusterSize, string compat)
    {
        using var d = new TempDir();
        long size = 4L << 20;
        Qemu.Img("create", "-q", "-f", "qcow2", "-o", $"cluster_size={clusterSize},compat={compat}", d["q.qcow2"], size.ToString());
        File.Copy(d["q.qcow2"], d["v.qcow2"]);
        var rng = new Random(clusterSize);
        async Task Phase(int n)
        {
            var cmds = new List<string>();
            await using var img = Image.Open(d["v.qcow2"], new ImageOpenOptions { Writable = true });
            for (int i = 0; i < n; i++)
            {
                long len = rng.Next(1, 200_000);
                long off = rng.NextInt64(0, size - len);
                byte p = (byte)rng.Next(1, 255);
                cmds.Add($"write -P {p} {off} {len}");
                var buf = new byte[len];
                Array.Fill(buf, p);
                await img.WriteAsync(off, buf);
            }
            Qemu.Io(d["q.qcow2"], "qcow2", cmds);
        }
        void Ours(Action<Qcow2Image> act)
        {
            using var q = Qcow2Image.Open(d["v.qcow2"], new ImageOpenOptions { Writable = true });
            act(q);
        }
        await Phase(20);
        Ours(q => q.CreateSnapshot("s1"));
        Qemu.Img("snapshot", "-c", "s1", d["q.qcow2"]);
        await Phase(20);
        Ours(q => q.CreateSnapshot("s2"));
        Qemu.Img("snapshot", "-c", "s2", d["q.qcow2"]);
        await Phase(10);
        Qemu.AssertClean(d["v.qcow2"]);
        Ours(q => q.ApplySnapshot("s1"));
        Qemu.Img("snapshot", "-a", "s1", d["q.qcow2"]);
        Qemu.AssertClean(d["v.qcow2"]);
        Qemu.AssertSameContent(d["q.qcow2"], d["v.qcow2"]);
        await Phase(10);
        Ours(q => q.DeleteSnapshot("s1"));
        Qemu.Img("snapshot", "-d", "s1", d["q.qcow2"]);
        Qemu.AssertClean(d["v.qcow2"]);
        Qemu.AssertSameContent(d["q.qcow2"], d["v.qcow2"]);
        // qemu applies the snapshot we took; we apply the one qemu took
        Qemu.Img("snapshot", "-a", "s2", d["v.qcow2"]);
        Ours(q => q.ApplySnapshot("s2"));
        File.Copy(d["v.qcow2"], d["v2.qcow2"]);
        Qemu.Img("snapshot", "-a", "s2", d["q.qcow2"]);
        Qemu.AssertSameContent(d["q.qcow2"], d["v.qcow2"]);
        Ours(q => q.DeleteSnapshot("s2"));
        Qemu.AssertClean(d["v.qcow2"]);
        Assert.DoesNotContain("s2", Qemu.Img("snapshot", "-l", d["v.qcow2"]));
    }

    [Theory]
    [InlineData(4096, "zlib")]
    [InlineData(65536, "zlib")]
    [InlineData(4096, "zstd")]
    [InlineData(65536, "zstd")]
    public async Task ReadsQemuCompressedClusters(int clusterSize, string type)
    {
        using var d = new TempDir();
        var data = new byte[3 << 20];
        var rng = new Random(5);
        for (int i = 0; i < data.Length; i += 4096)
            if (rng.Next(3) > 0)
                for (int j = 0; j < 4096; j++)
                    data[i + j] = (byte)(rng.Next(4) + 'a');
        File.WriteAllBytes(d["src.raw"], data);
        Qemu.Img("convert", "-c", "-O", "qcow2", "-o", $"cluster_size={clusterSize},compression_type={type}", d["src.raw"], d["c.qcow2"]);
        Assert.Equal(Hash(data), Hash(await ReadAll(d["c.qcow2"])));
    }

    [Theory]
    [InlineData("zlib")]
    [InlineData("zstd")]
    public async Task CompressedWritesAreReadByQemu(string type)
    {
        using var d = new TempDir();
        Qcow2Image.Create(d["c.qcow2"], new Qcow2CreateOptions { Size = 4 << 20, ClusterSize = 65536, CompressionType = type });
        var expect = new byte[4 << 20];
        await using (var img = Qcow2Image.Open(d["c.qcow2"], new ImageOpenOptions { Writable = true }))
        {
            for (int c = 0; c < 64; c += 2)
            {
                var cl = new byte[65536];
                for (int i = 0; i < cl.Length; i++)
                    cl[i] = (byte)("vireo"[i % 5] + c);
                cl.CopyTo(expect, c * 65536);
                await img.WriteCompressedAsync(c * 65536L, cl);
            }
        }
        File.WriteAllBytes(d["e.raw"], expect);
        Qemu.AssertClean(d["c.qcow2"]);
        Qemu.AssertSameContent(d["e.raw"], d["c.qcow2"]);
    }

    [Fact]
    public async Task BackingChainReadsMatchQemu()
    {
        using var d = new TempDir();
        Qemu.Img("create", "-q", "-f", "raw", d["base.raw"], "4M");
        Qemu.Io(d["base.raw"], "raw", new[] { "write -P 1 0 4M" });
        Qemu.Img("create", "-q", "-f", "qcow2", "-b", "base.raw", "-F", "raw", d["mid.qcow2"]);
        Qemu.Io(d["mid.qcow2"], "qcow2", new[] { "write -P 2 1M 1M", "write -z 3M 64k" });
        Qemu.Img("create", "-q", "-f", "qcow2", "-b", "mid.qcow2", "-F", "qcow2", d["top.qcow2"], "6M");
        Qemu.Io(d["top.qcow2"], "qcow2", new[] { "write -P 3 1536k 4k", "write -P 4 5M 100k" });
        Qemu.Img("convert", "-O", "raw", d["top.qcow2"], d["expect.raw"]);
        Assert.Equal(Hash(File.ReadAllBytes(d["expect.raw"])), Hash(await ReadAll(d["top.qcow2"])));
    }

    [Fact]
    public async Task ResizeGrowAndShrinkStayClean()
    {
        using var d = new TempDir();
        Qcow2Image.Create(d["r.qcow2"], new Qcow2CreateOptions { Size = 1 << 20, ClusterSize = 512 });
        using (var img = Qcow2Image.Open(d["r.qcow2"], new ImageOpenOptions { Writable = true }))
        {
            await img.WriteAsync(1000, new byte[] { 1, 2, 3 });
            img.Resize(100L << 20, shrink: false);
            await img.WriteAsync((100L << 20) - 3, new byte[] { 7, 8, 9 });
        }
        Qemu.AssertClean(d["r.qcow2"]);
        Assert.Contains("\"virtual-size\": 104857600", Qemu.Img("info", "--output=json", d["r.qcow2"]));
        using (var img = Qcow2Image.Open(d["r.qcow2"], new ImageOpenOptions { Writable = true }))
            img.Resize(2 << 20, shrink: true);
        Qemu.AssertClean(d["r.qcow2"]);
        Qemu.Io(d["r.qcow2"], "qcow2", new[] { "read -P 2 1001 1" });
    }

    [Theory]
    [InlineData("metadata")]
    [InlineData("falloc")]
    [InlineData("full")]
    public void PreallocatedImagesAreClean(string mode)
    {
        using var d = new TempDir();
        Qcow2Image.Create(d["p.qcow2"], new Qcow2CreateOptions { Size = 10 << 20, ClusterSize = 65536, Preallocation = mode });
        Qemu.AssertClean(d["p.qcow2"]);
        Qemu.Img("create", "-q", "-f", "raw", d["z.raw"], "10M");
        Qemu.AssertSameContent(d["z.raw"], d["p.qcow2"]);
    }

    internal static async Task<byte[]> ReadAll(string path)
    {
        await using var img = Image.Open(path);
        var buf = new byte[img.VirtualSize];
        await img.ReadAsync(0, buf);
        return buf;
    }

    internal static string Hash(byte[] b) => Convert.ToHexString(SHA256.HashData(b));
}
