using System.Buffers.Binary;
using System.Diagnostics;

namespace Vireo.Img.Tests;

/// <summary>vireo-img against qemu-img on the same files: same output, same exit status.</summary>
[Trait("Category", "Integration")]
public class CliTests
{
    private static (int Code, string Out, string Err) Ours(params string[] args)
    {
        var o = new StringWriter();
        var e = new StringWriter();
        int code = Program.Run(args, o, e);
        return (code, o.ToString(), e.ToString());
    }

    private static (int Code, string Out, string Err) Theirs(params string[] args)
    {
        var psi = new ProcessStartInfo("qemu-img") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args)
            psi.ArgumentList.Add(a);
        psi.Environment["TZ"] = "UTC";
        using var p = Process.Start(psi)!;
        var err = p.StandardError.ReadToEndAsync();
        string output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, output, err.Result);
    }

    private static string Tmp()
    {
        var d = Path.Combine(Path.GetTempPath(), "vireo-img-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(d);
        return d;
    }

    [Theory]
    [InlineData("qcow2", "")]
    [InlineData("qcow2", "compat=0.10")]
    [InlineData("qcow2", "cluster_size=4k,lazy_refcounts=on")]
    [InlineData("qcow2", "preallocation=metadata")]
    [InlineData("raw", "")]
    public void CreateAndInfoMatchQemuImg(string fmt, string options)
    {
        var d = Tmp();
        try
        {
            var extra = options.Length > 0 ? new[] { "-o", options } : Array.Empty<string>();
            var ours = Ours(new[] { "create", "-f", fmt }.Concat(extra).Concat(new[] { Path.Combine(d, "o.img"), "100M" }).ToArray());
            var theirs = Theirs(new[] { "create", "-f", fmt }.Concat(extra).Concat(new[] { Path.Combine(d, "t.img"), "100M" }).ToArray());
            Assert.Equal(0, ours.Code);
            Assert.Equal(theirs.Out.Replace("t.img", "o.img"), ours.Out);
            foreach (var f in new[] { "o.img", "t.img" })
            {
                var p = Path.Combine(d, f);
                Assert.Equal(Theirs("info", "--output=json", p).Out, Ours("info", "--output=json", p).Out);
                Assert.Equal(Theirs("info", p).Out, Ours("info", p).Out);
            }
        }
        finally
        {
            Directory.Delete(d, true);
        }
    }

    [Fact]
    public void InfoBackingChainAndSnapshotsMatchQemuImg()
    {
        var d = Tmp();
        try
        {
            string b = Path.Combine(d, "base.qcow2"), o = Path.Combine(d, "ovl.qcow2");
            Assert.Equal(0, Theirs("create", "-q", "-f", "qcow2", b, "64M").Code);
            Assert.Equal(0, Theirs("snapshot", "-c", "first", b).Code);
            Assert.Equal(0, Ours("create", "-q", "-f", "qcow2", "-b", "base.qcow2", "-F", "qcow2", o).Code);
            Assert.Equal(Theirs("info", "--output=json", "--backing-chain", o).Out, Ours("info", "--output=json", "--backing-chain", o).Out);
            Assert.Equal(Theirs("info", "--backing-chain", o).Out, Ours("info", "--backing-chain", o).Out);
            Assert.Equal(Theirs("map", "--output=json", o).Out, Ours("map", "--output=json", o).Out);
        }
        finally
        {
            Directory.Delete(d, true);
        }
    }

    [Fact]
    public void CheckReportsLeaksAndCorruptionsAsQemuImg()
    {
        var d = Tmp();
        try
        {
            string p = Path.Combine(d, "c.qcow2");
            Assert.Equal(0, Ours("create", "-q", "-f", "qcow2", p, "16M").Code);
            var io = Process.Start("qemu-io", new[] { "-c", "write -P 1 0 128k", p })!;
            io.WaitForExit();
            Assert.Equal(Theirs("check", p).Out, Ours("check", p).Out);
            Assert.Equal(Theirs("check", "--output=json", p).Out, Ours("check", "--output=json", p).Out);
            // leak: L1 table cluster refcount 2
            Patch(p, 2 * 65536 + 3 * 2, 2);
            foreach (var args in new[] { new[] { "check", p }, new[] { "check", "--output=json", p } })
            {
                var t = Theirs(args);
                var o = Ours(args);
                Assert.Equal(3, t.Code);
                Assert.Equal(t.Code, o.Code);
                Assert.Equal(t.Out, o.Out);
                Assert.Equal(t.Err.Replace("qemu-img", "vireo-img"), o.Err);
            }
            string copy = Path.Combine(d, "c2.qcow2");
            File.Copy(p, copy);
            var rt = Theirs("check", "-r", "leaks", p);
            var ro = Ours("check", "-r", "leaks", copy);
            Assert.Equal(0, ro.Code);
            Assert.Equal(rt.Out, ro.Out);
            Assert.Equal(0, Theirs("check", copy).Code);
            // corruption: a data cluster with refcount 0
            Patch(p, 2 * 65536 + 5 * 2, 0);
            var ct = Theirs("check", p);
            var co = Ours("check", p);
            Assert.Equal(2, ct.Code);
            Assert.Equal(ct.Code, co.Code);
            Assert.Equal(ct.Out, co.Out);
            Assert.Equal(Theirs("check", "--output=json", p).Out, Ours("check", "--output=json", p).Out);
        }
        finally
        {
            Directory.Delete(d, true);
        }
    }

    [Fact]
    public void ConvertRoundTripsAndIsCleanForQemu()
    {
        var d = Tmp();
        try
        {
            string src = Path.Combine(d, "src.raw");
            var data = new byte[8 << 20];
            var rng = new Random(9);
            for (int i = 0; i < data.Length; i += 65536)
                if (rng.Next(2) == 0)
                    rng.NextBytes(data.AsSpan(i, rng.Next(1, 65536)));
                else if (rng.Next(2) == 0)
                    data.AsSpan(i, 65536).Fill((byte)'x');
            File.WriteAllBytes(src, data);
            foreach (var opts in new[] { new[] { "-O", "qcow2" }, new[] { "-c", "-O", "qcow2" }, new[] { "-c", "-O", "qcow2", "-o", "compression_type=zstd" }, new[] { "-O", "qcow2", "-o", "compat=0.10,cluster_size=512" }, new[] { "-O", "raw" } })
            {
                string dst = Path.Combine(d, "dst.img");
                File.Delete(dst);
                var r = Ours(new[] { "convert" }.Concat(opts).Concat(new[] { src, dst }).ToArray());
                Assert.True(r.Code == 0, r.Err);
                if (opts.Contains("qcow2"))
                {
                    Assert.Equal(0, Theirs("check", dst).Code);
                    Assert.Equal(Theirs("check", "--output=json", dst).Out, Ours("check", "--output=json", dst).Out);
                    Assert.Equal(Theirs("check", dst).Out, Ours("check", dst).Out);
                }
                Assert.Equal(0, Theirs("compare", src, dst).Code);
                Assert.Empty(Directory.GetFiles(d, ".*vireo-convert*"));
            }
        }
        finally
        {
            Directory.Delete(d, true);
        }
    }

    [Fact]
    public void FailedConvertLeavesNoDestinationAndSourceUntouched()
    {
        var d = Tmp();
        try
        {
            string src = Path.Combine(d, "src.qcow2"), dst = Path.Combine(d, "dst.qcow2");
            Assert.Equal(0, Ours("create", "-q", "-f", "qcow2", src, "64M").Code);
            var io = Process.Start("qemu-io", new[] { "-c", "write -P 1 0 1M", "-c", "write -P 2 60M 1M", src })!;
            io.WaitForExit();
            // break the L2 table that maps 60M: its data cluster now points far past the end of the file
            Patch64(src, 4 * 65536 + (60 * 16) * 8, (1UL << 40) | (1UL << 63));
            var before = File.ReadAllBytes(src);
            var r = Ours("convert", "-O", "qcow2", src, dst);
            Assert.Equal(1, r.Code);
            Assert.Contains("past the end of the file", r.Err);
            Assert.False(File.Exists(dst));
            Assert.Empty(Directory.GetFiles(d, ".*vireo-convert*"));
            Assert.Equal(before, File.ReadAllBytes(src));
        }
        finally
        {
            Directory.Delete(d, true);
        }
    }

    [Fact]
    public void ResizeAndMeasure()
    {
        var d = Tmp();
        try
        {
            string p = Path.Combine(d, "r.qcow2");
            Assert.Equal(0, Ours("create", "-q", "-f", "qcow2", p, "1G").Code);
            Assert.Equal(0, Ours("resize", p, "+1G").Code);
            Assert.Equal(1, Ours("resize", p, "1G").Code);
            Assert.Equal(0, Ours("resize", "--shrink", p, "512M").Code);
            Assert.Equal(0, Theirs("check", p).Code);
            Assert.Contains("\"virtual-size\": 536870912", Theirs("info", "--output=json", p).Out);
            Assert.Equal(Theirs("measure", "--size", "10G", "-O", "qcow2").Out, Ours("measure", "--size", "10G", "-O", "qcow2").Out);
        }
        finally
        {
            Directory.Delete(d, true);
        }
    }

    [Fact]
    public void SnapshotCommandsInteroperate()
    {
        var d = Tmp();
        try
        {
            string p = Path.Combine(d, "s.qcow2");
            Assert.Equal(0, Ours("create", "-q", "-f", "qcow2", p, "8M").Code);
            Process.Start("qemu-io", new[] { "-c", "write -P 7 0 1M", p })!.WaitForExit();
            Assert.Equal(0, Ours("snapshot", "-c", "before", p).Code);
            Process.Start("qemu-io", new[] { "-c", "write -P 9 0 2M", p })!.WaitForExit();
            Assert.Equal(Theirs("snapshot", "-l", p).Out, Ours("snapshot", "-l", p).Out);
            Assert.Equal(Theirs("info", "--output=json", p).Out, Ours("info", "--output=json", p).Out);
            Assert.Equal(0, Ours("snapshot", "-a", "before", p).Code);
            Assert.Equal(0, Theirs("check", p).Code);
            var io = Theirs("snapshot", "-l", p);
            Assert.Contains("before", io.Out);
            var check = Process.Start(new ProcessStartInfo("qemu-io", new[] { "-c", "read -P 7 0 1M", "-c", "read -P 0 1M 1M", p }) { RedirectStandardOutput = true })!;
            string o = check.StandardOutput.ReadToEnd();
            check.WaitForExit();
            Assert.DoesNotContain("fail", o);
            Assert.Equal(0, Ours("snapshot", "-d", "before", p).Code);
            Assert.Equal(0, Theirs("check", p).Code);
            Assert.Equal("", Ours("snapshot", "-l", p).Out);
            Assert.Equal(1, Ours("snapshot", "-a", "nosuch", p).Code);
        }
        finally
        {
            Directory.Delete(d, true);
        }
    }

    [Fact]
    public void RebaseSafeKeepsContentAndUnsafeOnlyRenames()
    {
        var d = Tmp();
        try
        {
            string b1 = Path.Combine(d, "b1.qcow2"), b2 = Path.Combine(d, "b2.raw"), top = Path.Combine(d, "top.qcow2"), expect = Path.Combine(d, "expect.raw");
            Assert.Equal(0, Theirs("create", "-q", "-f", "qcow2", b1, "4M").Code);
            Assert.Equal(0, Theirs("create", "-q", "-f", "raw", b2, "4M").Code);
            Process.Start("qemu-io", new[] { "-c", "write -P 1 0 2M", b1 })!.WaitForExit();
            Process.Start("qemu-io", new[] { "-f", "raw", "-c", "write -P 1 0 1M", "-c", "write -P 2 3M 1M", b2 })!.WaitForExit();
            Assert.Equal(0, Ours("create", "-q", "-f", "qcow2", "-b", "b1.qcow2", "-F", "qcow2", top).Code);
            Process.Start("qemu-io", new[] { "-c", "write -P 3 512k 64k", top })!.WaitForExit();
            Assert.Equal(0, Theirs("convert", "-O", "raw", top, expect).Code);
            var r = Ours("rebase", "-b", "b2.raw", "-F", "raw", top);
            Assert.True(r.Code == 0, r.Err);
            Assert.Equal(0, Theirs("check", top).Code);
            Assert.Equal(0, Theirs("compare", expect, top).Code);
            Assert.Contains("\"backing-filename\": \"b2.raw\"", Theirs("info", "--output=json", top).Out);
            Assert.Equal(0, Ours("rebase", "-u", "-b", "b1.qcow2", "-F", "qcow2", top).Code);
            Assert.Contains("\"backing-filename-format\": \"qcow2\"", Theirs("info", "--output=json", top).Out);
            Assert.Equal(0, Theirs("check", top).Code);
        }
        finally
        {
            Directory.Delete(d, true);
        }
    }

    [Fact]
    public void RefusesProtocolNames()
    {
        var r = Ours("info", "json:{\"file.filename\":\"/etc/passwd\"}");
        Assert.Equal(1, r.Code);
        Assert.Contains("refused for safety", r.Err);
    }

    private static void Patch(string path, long offset, ushort value)
    {
        using var f = File.OpenHandle(path, FileMode.Open, FileAccess.ReadWrite);
        var b = new byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(b, value);
        RandomAccess.Write(f, b, offset);
    }

    private static void Patch64(string path, long offset, ulong value)
    {
        using var f = File.OpenHandle(path, FileMode.Open, FileAccess.ReadWrite);
        var b = new byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(b, value);
        RandomAccess.Write(f, b, offset);
    }
}
