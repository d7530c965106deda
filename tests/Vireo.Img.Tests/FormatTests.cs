using System.Text.RegularExpressions;
using static Vireo.Img.Tests.Tools;

namespace Vireo.Img.Tests;

/// <summary>vmdk (monolithicSparse, streamOptimized), qcow v1 and the refused formats, through vireo-img and
/// the real qemu-img on the same files.</summary>
[Trait("Category", "Integration")]
public class FormatTests
{
    /// <summary>The random CID and host allocation are the only legitimate differences.</summary>
    private static string NoCid(string s) =>
        Regex.Replace(Regex.Replace(Regex.Replace(s, "\"cid\": [0-9]+", "\"cid\": N"), "cid: [0-9]+\n", "cid: N\n"), "\"actual-size\": [0-9]+|disk size: .*", "SIZE");

    private static string Source(string dir)
    {
        string src = Path.Combine(dir, "src.qcow2");
        Qemu("create", "-q", "-f", "qcow2", src, "24M");
        Io(src, "write -P 1 0 100k", "write -P 2 5M 64k", "write -P 3 9000k 1M", "write -c -P 4 20M 64k", "write -P 5 24575k 1k");
        return src;
    }

    [Theory]
    [InlineData("")]
    [InlineData("adapter_type=lsilogic,compat6=on")]
    [InlineData("zeroed_grain=on,subformat=monolithicSparse")]
    [InlineData("hwversion=6,adapter_type=buslogic")]
    public void VmdkCreateAndInfoMatchQemuImg(string options)
    {
        var d = Tmp();
        try
        {
            var extra = options.Length > 0 ? new[] { "-o", options } : Array.Empty<string>();
            string o = Path.Combine(d, "o.vmdk"), t = Path.Combine(d, "t.vmdk");
            var ro = Ours(new[] { "create", "-f", "vmdk" }.Concat(extra).Concat(new[] { o, "3G" }).ToArray());
            var rt = Theirs(new[] { "create", "-f", "vmdk" }.Concat(extra).Concat(new[] { t, "3G" }).ToArray());
            Assert.Equal(0, ro.Code);
            Assert.Equal(rt.Out.Replace("t.vmdk", "o.vmdk"), ro.Out);
            // the same layout: header identical, same file length
            Assert.Equal(File.ReadAllBytes(t).AsSpan(0, 512).ToArray(), File.ReadAllBytes(o).AsSpan(0, 512).ToArray());
            Assert.Equal(new FileInfo(t).Length, new FileInfo(o).Length);
            foreach (var f in new[] { o, t })
                foreach (var mode in new[] { "--output=json", "--output=human" })
                    Assert.Equal(NoCid(Theirs("info", mode, f).Out), NoCid(Ours("info", mode, f).Out));
            Assert.Equal(NoCid(Theirs("info", t).Out).Replace("t.vmdk", "o.vmdk"), NoCid(Ours("info", o).Out));
            AssertClean(o);
            Assert.Equal(Theirs("check", "--output=json", o).Out, Ours("check", "--output=json", o).Out);
        }
        finally
        {
            Directory.Delete(d, true);
        }
    }

    [Fact]
    public void VmdkConvertsBothWaysWithQemuImg()
    {
        var d = Tmp();
        try
        {
            string src = Source(d);
            string ours = Path.Combine(d, "ours.vmdk"), theirs = Path.Combine(d, "theirs.vmdk"), stream = Path.Combine(d, "stream.vmdk");
            Assert.Equal(0, Ours("convert", "-O", "vmdk", src, ours).Code);
            Qemu("convert", "-O", "vmdk", src, theirs);
            Qemu("convert", "-O", "vmdk", "-o", "subformat=streamOptimized", src, stream);
            AssertClean(ours);
            AssertSameContent(ours, src);
            Assert.Equal(NoCid(Theirs("info", "--output=json", theirs).Out).Replace("theirs", "ours"), NoCid(Ours("info", "--output=json", ours).Out));
            // qemu's own images, read by us: info, map, contents
            foreach (var f in new[] { theirs, stream })
            {
                Assert.Equal(Theirs("info", "--output=json", f).Out, Ours("info", "--output=json", f).Out);
                Assert.Equal(Theirs("info", f).Out, Ours("info", f).Out);
                Assert.Equal(Theirs("map", "--output=json", f).Out, Ours("map", "--output=json", f).Out);
                Assert.Equal(Theirs("check", f).Out, Ours("check", f).Out);
                string back = f + ".qcow2";
                Assert.Equal(0, Ours("convert", "-O", "qcow2", f, back).Code);
                AssertClean(back);
                AssertSameContent(back, src);
                Assert.Equal(0, Ours("compare", f, src).Code);
            }
            // we write into qemu's vmdk in place, qemu writes into ours
            Assert.Equal(0, Ours("convert", "-n", "-O", "vmdk", src, theirs).Code);
            AssertClean(theirs);
            AssertSameContent(theirs, src);
            Io(ours, "write -P 9 12M 300k");
            Assert.Equal(0, Ours("dd", "-O", "vmdk", $"if={ours}", $"of={Path.Combine(d, "dd.vmdk")}").Code);
            AssertSameContent(Path.Combine(d, "dd.vmdk"), ours);
            AssertClean(Path.Combine(d, "dd.vmdk"));
            // streamOptimized output and writes into it are refused, not faked
            var r = Ours("convert", "-O", "vmdk", "-o", "subformat=streamOptimized", src, Path.Combine(d, "x.vmdk"));
            Assert.Equal(1, r.Code);
            Assert.Contains("not supported", r.Err);
            Assert.False(File.Exists(Path.Combine(d, "x.vmdk")));
            r = Ours("resize", stream, "+1M");
            Assert.Equal(1, r.Code);
            Assert.Contains("read-only", r.Err);
        }
        finally
        {
            Directory.Delete(d, true);
        }
    }

    [Fact]
    public void QcowV1ImagesFromQemuImgReadIdentically()
    {
        var d = Tmp();
        try
        {
            string src = Source(d);
            string plain = Path.Combine(d, "plain.qcow"), comp = Path.Combine(d, "comp.qcow"), made = Path.Combine(d, "made.qcow");
            Qemu("convert", "-O", "qcow", src, plain);
            // qemu-img 7.2's "convert -c -O qcow" fails (status 1, no message); qemu-io writes compressed clusters
            Qemu("create", "-q", "-f", "qcow", comp, "1M");
            Io(comp, "write -c -P 4 0 4k", "write -c -P 5 8k 4k", "write -P 6 100k 10k");
            Qemu("create", "-q", "-f", "qcow", made, "10M");
            Io(made, "write -P 6 4096 70k");
            foreach (var f in new[] { plain, comp, made })
            {
                Assert.Equal(Theirs("info", f).Out, Ours("info", f).Out);
                Assert.Equal(Theirs("info", "--output=json", f).Out, Ours("info", "--output=json", f).Out);
                Assert.Equal(Theirs("map", "--output=json", f).Out, Ours("map", "--output=json", f).Out);
                var ct = Theirs("check", f);
                var co = Ours("check", f);
                Assert.Equal(ct.Code, co.Code);
                Assert.Equal(Err(ct.Err), co.Err);
                string out2 = f + ".qcow2";
                Assert.Equal(0, Ours("convert", "-O", "qcow2", f, out2).Code);
                AssertClean(out2);
                AssertSameContent(out2, f);
            }
            AssertSameContent(plain, src);
            // a qcow overlay (qcow v1 records no backing format): info shows the name; reading it needs the format
            string ovl = Path.Combine(d, "ovl.qcow");
            Qemu("create", "-q", "-f", "qcow", "-b", plain, "-F", "qcow", ovl);
            Assert.Equal(Theirs("info", ovl).Out, Ours("info", ovl).Out);
            var refused = Ours("convert", "-O", "qcow2", ovl, Path.Combine(d, "ovl.qcow2"));
            Assert.Equal(1, refused.Code);
            Assert.Contains("refusing to guess", refused.Err);
            // read-only: writes are refused with the way out
            var w = Ours("resize", plain, "+1M");
            Assert.Equal(1, w.Code);
            Assert.Contains("convert", w.Err);
        }
        finally
        {
            Directory.Delete(d, true);
        }
    }

    [Fact]
    public void EncryptedCowAndCloopImagesAreRefusedWithTheWayOut()
    {
        var d = Tmp();
        try
        {
            string qe = Path.Combine(d, "aes.qcow"), q2e = Path.Combine(d, "aes.qcow2"), cow = Path.Combine(d, "old.cow"), cloop = Path.Combine(d, "old.cloop");
            Qemu("create", "-q", "--object", "secret,id=s0,data=abc", "-f", "qcow", "-o", "encryption=on,encrypt.key-secret=s0", qe, "1M");
            Qemu("create", "-q", "--object", "secret,id=s0,data=abc", "-f", "qcow2", "-o", "encrypt.format=aes,encrypt.key-secret=s0", q2e, "1M");
            // qemu 7.2 can no longer create (or read) cow, nor create cloop: hand-built headers
            var cowHeader = new byte[1024];
            new byte[] { 0x4f, 0x4f, 0x4f, 0x4d, 0, 0, 0, 2 }.CopyTo(cowHeader, 0);
            File.WriteAllBytes(cow, cowHeader);
            File.WriteAllBytes(cloop, System.Text.Encoding.ASCII.GetBytes("#!/bin/sh\n#V2.0 Format: cloop\ninsmod cloop.o file=$0 && mount -r -t iso9660 /dev/cloop $1\nexit $?\n" + new string('\0', 64)));
            foreach (var f in new[] { qe, q2e, cow, cloop })
            {
                var before = File.ReadAllBytes(f);
                foreach (var args in new[] { new[] { "info", f }, new[] { "convert", "-O", "qcow2", f, f + ".out" }, new[] { "check", f }, new[] { "map", f } })
                {
                    var r = Ours(args);
                    Assert.True(r.Code == 1, $"{string.Join(' ', args)} exited {r.Code}: {r.Err}");
                    Assert.Contains("not supported", r.Err);
                    Assert.Contains("convert", r.Err);
                    Assert.False(File.Exists(f + ".out"));
                }
                Assert.Equal(before, File.ReadAllBytes(f));
            }
        }
        finally
        {
            Directory.Delete(d, true);
        }
    }
}
