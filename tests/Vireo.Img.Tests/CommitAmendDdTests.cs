using static Vireo.Img.Tests.Tools;

namespace Vireo.Img.Tests;

/// <summary>commit, amend and dd through vireo-img and the real qemu-img on identical images: same output
/// and status, identical resulting contents (qemu-img compare), and images the real qemu-img check finds clean.</summary>
[Trait("Category", "Integration")]
public class CommitAmendDdTests
{
    /// <summary>base (64M) &lt;- mid &lt;- top, with data, zeroes and data over data.</summary>
    private static (string Base, string Mid, string Top) Chain(string dir, string side, string compat, long baseSize = 64 << 20)
    {
        string b = Path.Combine(dir, $"b{side}.qcow2"), m = Path.Combine(dir, $"m{side}.qcow2"), t = Path.Combine(dir, $"t{side}.qcow2");
        Qemu("create", "-q", "-f", "qcow2", "-o", $"compat={compat}", b, baseSize.ToString());
        Qemu("create", "-q", "-f", "qcow2", "-o", $"compat={compat}", "-b", b, "-F", "qcow2", m, "64M");
        Qemu("create", "-q", "-f", "qcow2", "-o", $"compat={compat}", "-b", m, "-F", "qcow2", t);
        Io(b, "write -P 7 0 8M");
        Io(m, "write -P 1 0 1M", "write -P 4 3M 64k");
        Io(t, "write -P 2 512k 1M", "write -z 4M 64k", "write -P 3 10M 100k", "write -z 2M 1536k", "write -P 9 40M 4k");
        return (b, m, t);
    }

    [Theory]
    [InlineData("1.1", "")]
    [InlineData("0.10", "")]
    [InlineData("1.1", "-d")]
    [InlineData("1.1", "-b")]
    [InlineData("1.1", "-p")]
    [InlineData("1.1", "-q")]
    public void CommitMatchesQemuImg(string compat, string flag)
    {
        var d = Tmp();
        try
        {
            var o = Chain(d, "o", compat);
            var t = Chain(d, "t", compat);
            string[] Args(string top, string b) => flag switch
            {
                "" => new[] { "commit", top },
                "-b" => new[] { "commit", "-b", b, top },
                _ => new[] { "commit", flag, top },
            };
            var ro = Ours(Args(o.Top, o.Base));
            var rt = Theirs(Args(t.Top, t.Base));
            Assert.Equal(rt.Code, ro.Code);
            Assert.Equal(0, ro.Code);
            Assert.Equal(Progress(rt.Out), Progress(ro.Out));
            Assert.Equal(Err(rt.Err), ro.Err);
            foreach (var (x, y) in new[] { (o.Base, t.Base), (o.Mid, t.Mid), (o.Top, t.Top) })
            {
                AssertClean(x);
                AssertSameContent(x, y);
                // what each layer allocates must match too (an emptied top, a committed mid)
                Assert.Equal(MapJson(y), MapJson(x));
            }
        }
        finally
        {
            Directory.Delete(d, true);
        }
    }

    /// <summary>map --output=json without host offsets, neighbours with the same status merged (the layout of
    /// the file may differ, which splits qemu's extents differently).</summary>
    private static string MapJson(string file)
    {
        var merged = new List<(long Start, long Length, string Status)>();
        foreach (System.Text.RegularExpressions.Match m in System.Text.RegularExpressions.Regex.Matches(Qemu("map", "--output=json", file),
                     "\"start\": ([0-9]+), \"length\": ([0-9]+), (\"depth\".*?\"data\": [a-z]+)"))
        {
            long start = long.Parse(m.Groups[1].Value), length = long.Parse(m.Groups[2].Value);
            string status = m.Groups[3].Value;
            if (merged.Count > 0 && merged[^1].Status == status && merged[^1].Start + merged[^1].Length == start)
                merged[^1] = merged[^1] with { Length = merged[^1].Length + length };
            else
                merged.Add((start, length, status));
        }
        return string.Join("\n", merged);
    }

    /// <summary>Progress lines collapsed: qemu-img reports at its own steps.</summary>
    private static string Progress(string output) =>
        System.Text.RegularExpressions.Regex.Replace(output, "( +\\([0-9.]+/100%\\)\r)+", "[progress]\r");

    [Fact]
    public void CommitGrowsASmallerBaseAsQemuImg()
    {
        var d = Tmp();
        try
        {
            var o = Chain(d, "o", "1.1", baseSize: 16 << 20);
            var t = Chain(d, "t", "1.1", baseSize: 16 << 20);
            Assert.Equal(Theirs("commit", t.Top).Out, Ours("commit", o.Top).Out);
            Assert.Equal(InfoJson(t.Mid, false).Replace("mt.qcow2", "mo.qcow2").Replace("bt.qcow2", "bo.qcow2"), InfoJson(o.Mid, true));
            AssertClean(o.Mid);
            AssertSameContent(o.Mid, t.Mid);
        }
        finally
        {
            Directory.Delete(d, true);
        }
    }

    [Fact]
    public void CommitErrorsMatchQemuImg()
    {
        var d = Tmp();
        try
        {
            var o = Chain(d, "o", "1.1");
            string lone = Path.Combine(d, "lone.qcow2");
            Qemu("create", "-q", "-f", "qcow2", lone, "1M");
            foreach (var args in new[] { new[] { "commit", lone }, new[] { "commit", "-b", o.Top, o.Top }, new[] { "commit", "-b", Path.Combine(d, "x.qcow2"), o.Top } })
            {
                var rt = Theirs(args);
                var ro = Ours(args);
                Assert.Equal(1, rt.Code);
                Assert.Equal(rt.Code, ro.Code);
                Assert.Equal(Err(rt.Err), ro.Err);
            }
            // nothing was written by the refused commands
            AssertClean(o.Top);
        }
        finally
        {
            Directory.Delete(d, true);
        }
    }

    [Theory]
    [InlineData("1.1", "", "compat=0.10")]
    [InlineData("0.10", "", "compat=1.1")]
    [InlineData("1.1", "", "lazy_refcounts=on")]
    [InlineData("1.1", "lazy_refcounts=on", "compat=0.10")]
    [InlineData("1.1", "lazy_refcounts=on", "lazy_refcounts=off")]
    [InlineData("0.10", "", "compat=1.1,lazy_refcounts=on")]
    [InlineData("0.10", "", "lazy_refcounts=on")]
    [InlineData("0.10", "", "refcount_bits=8")]
    [InlineData("1.1", "refcount_bits=8", "compat=0.10")]
    [InlineData("1.1", "compression_type=zstd", "compat=0.10")]
    [InlineData("1.1", "", "cluster_size=4k")]
    [InlineData("1.1", "", "backing_file=x")]
    [InlineData("1.1", "", "foo=1")]
    [InlineData("1.1", "", "size=100M")]
    [InlineData("1.1", "", "refcount_bits=8")]
    [InlineData("1.1", "", "refcount_bits=1")]
    [InlineData("1.1", "refcount_bits=4", "refcount_bits=64")]
    [InlineData("1.1", "", "refcount_bits=3")]
    public void AmendMatchesQemuImg(string compat, string createOptions, string amend)
    {
        var d = Tmp();
        try
        {
            string o = Path.Combine(d, "o.qcow2"), t = Path.Combine(d, "t.qcow2");
            foreach (var f in new[] { o, t })
            {
                Qemu("create", "-q", "-f", "qcow2", "-o", $"compat={compat}" + (createOptions.Length > 0 ? "," + createOptions : ""), f, "64M");
                // data, a zero cluster, a compressed cluster (zstd blocks a downgrade), a snapshot
                var cmds = new List<string> { "write -P 3 64k 64k", "write -c -P 5 1M 64k" };
                if (compat == "1.1")
                    cmds.Add("write -z 0 64k");
                Io(f, cmds.ToArray());
            }
            var rt = Theirs("amend", "-o", amend, t);
            var ro = Ours("amend", "-o", amend, o);
            Assert.Equal(rt.Code, ro.Code);
            Assert.Equal(rt.Out, ro.Out);
            Assert.Equal(Err(rt.Err), ro.Err);
            Assert.Equal(InfoJson(t, false).Replace("t.qcow2", "o.qcow2"), InfoJson(o, true));
            AssertClean(o);
            AssertSameContent(o, t);
        }
        finally
        {
            Directory.Delete(d, true);
        }
    }

    [Fact]
    public void AmendRefusesNonQcow2AndMissingOptions()
    {
        var d = Tmp();
        try
        {
            string f = Path.Combine(d, "a.qcow2");
            Qemu("create", "-q", "-f", "qcow2", f, "1M");
            foreach (var args in new[] { new[] { "amend", f }, new[] { "amend", "-f", "raw", "-o", "compat=0.10", f } })
            {
                var rt = Theirs(args);
                var ro = Ours(args);
                Assert.Equal(1, rt.Code);
                Assert.Equal(rt.Code, ro.Code);
                Assert.Equal(Err(rt.Err), ro.Err);
            }
        }
        finally
        {
            Directory.Delete(d, true);
        }
    }

    [Theory]
    [InlineData("raw", "bs=64k", "count=4")]
    [InlineData("qcow2", "bs=1M", "skip=2", "count=3")]
    [InlineData("raw", "bs=1000", "count=3", "skip=1")]
    [InlineData("raw", "bs=512")]
    [InlineData("qcow2", "bs=4k", "skip=1000")]
    [InlineData("raw", "bs=1x")]
    [InlineData("raw", "count=-1")]
    [InlineData("raw", "bs=0")]
    [InlineData("raw", "conv=notrunc")]
    public void DdMatchesQemuImg(string outFmt, params string[] operands)
    {
        var d = Tmp();
        try
        {
            string src = Path.Combine(d, "src.qcow2");
            Qemu("create", "-q", "-f", "qcow2", src, "8M");
            Io(src, "write -P 1 0 100k", "write -P 2 1M 64k", "write -P 3 2500k 3M", "write -c -P 4 7M 64k");
            string o = Path.Combine(d, "o.img"), t = Path.Combine(d, "t.img");
            var rt = Theirs(new[] { "dd", "-O", outFmt, $"if={src}", $"of={t}" }.Concat(operands).ToArray());
            var ro = Ours(new[] { "dd", "-O", outFmt, $"if={src}", $"of={o}" }.Concat(operands).ToArray());
            Assert.Equal(rt.Code, ro.Code);
            Assert.Equal(rt.Out, ro.Out);
            Assert.Equal(Err(rt.Err), ro.Err);
            Assert.Equal(File.Exists(t), File.Exists(o));
            if (rt.Code == 0)
            {
                Assert.Equal(InfoJson(t, false).Replace("t.img", "o.img"), InfoJson(o, true));
                AssertSameContent(o, t);
                if (outFmt == "qcow2")
                    AssertClean(o);
            }
        }
        finally
        {
            Directory.Delete(d, true);
        }
    }
}
