using Vireo.Integration.Tests.Compat;
using Vireo.Integration.Tests.Infrastructure;

namespace Vireo.Integration.Tests.FixtureTests;

[Trait("Category", "Integration")]
public sealed class OutputNormalizerTests
{
    private static OutputNormalizer Create() =>
        new(OutputNormalizer.TestDriverDefaultUuids, OutputNormalizer.TestDriverDefaultMacs, hostName: "myhost");

    [Fact]
    public void ListTableIdsKeepTheColumns()
    {
        const string Text = " Id   Name    State\n------------------------\n 5    test    running\n -    newvm   shut off\n\n";
        Assert.Equal(
            " Id   Name    State\n------------------------\n <ID> test    running\n -    newvm   shut off\n\n",
            Create().Normalize(Text, "list --all"));
    }

    [Fact]
    public void IdsTimesVersionsAndHostName()
    {
        var n = Create();
        Assert.Equal("Id:             <ID>", n.Normalize("Id:             7", "dominfo test"));
        Assert.Equal("Id:             -", n.Normalize("Id:             -", "dominfo test"));
        Assert.Equal("CPU time:       <CPUTIME>", n.Normalize("CPU time:       1795634055.5s", "dominfo test"));
        Assert.Equal("<ID>\n", n.Normalize("12\n", "domid newvm"));
        Assert.Equal("<domain type='test' id='<ID>'>", n.Normalize("<domain type='test' id='7'>", "dumpxml newvm"));
        Assert.Equal("Running hypervisor: TEST <VERSION>", n.Normalize("Running hypervisor: TEST 0.0.2", "version"));
        Assert.Equal("Running against daemon: <VERSION>", n.Normalize("Running against daemon: 9.0.0", "version --daemon"));
        Assert.Equal("<HOSTNAME>\n", n.Normalize("myhost\n", "hostname"));
        Assert.Equal("vda rd_req <N>", n.Normalize("vda rd_req 179563405549941", "domblkstat test vda"));
        Assert.Equal("at <TIME> ok", n.Normalize("at 2026-11-25 19:08:41 ok"));
    }

    [Fact]
    public void NewUuidsAndMacsAreNumberedStableOnesKept()
    {
        var n = Create().Replace("/tmp/x/sock", "<SOCKET>");
        var text = "6695eb01-f6a4-8304-79aa-97f2502e193f 682c78fe-7c6e-467b-b2a2-a6f23f362721 aa:bb:cc:dd:ee:ff 52:54:00:01:02:03\n" +
                   "8b7d2f30-0f1b-45f4-88cf-d16fad748f2a 682c78fe-7c6e-467b-b2a2-a6f23f362721 /tmp/x/sock";
        Assert.Equal(
            "6695eb01-f6a4-8304-79aa-97f2502e193f <UUID-1> aa:bb:cc:dd:ee:ff <MAC-1>\n<UUID-2> <UUID-1> <SOCKET>",
            n.Normalize(text));
    }

    [Fact]
    public void DiffLooksUnified()
    {
        var d = TextDiff.Unified("a\nb\nc\n", "a\nx\nc\n", "libvirtd", "vireod");
        Assert.Equal("--- libvirtd\n+++ vireod\n@@ -1,3 +1,3 @@\n a\n-b\n+x\n c\n", d);
        Assert.Equal("", TextDiff.Unified("same\n", "same\n"));
    }

    [Fact]
    public void SessionSplitsPerCommand()
    {
        var script = VirshSession.BuildScript(new[] { "list", "uri" });
        Assert.Equal("echo '@@vireo-cmd 1'; list; echo '@@vireo-cmd 2'; uri; echo '@@vireo-end@@'", script);
        var result = new ProcessResult("virsh", Array.Empty<string>(), 0, "@@vireo-cmd 1\nL\n\n@@vireo-cmd 2\nerror: x\n@@vireo-end@@\n", "", false, TimeSpan.Zero);
        var t = VirshSession.Split(new[] { "list", "uri" }, result);
        Assert.True(t.Completed);
        Assert.Equal("L\n\n", t.Commands[0].Output);
        Assert.Equal("error: x\n", t.Commands[1].Output);
        Assert.Equal(1, CompatCommandList.InferredStatus(t.Commands[1]));
        Assert.Equal("define '/a b'/x.xml", VirshSession.Expand("define $FIX/x.xml", new Dictionary<string, string> { ["FIX"] = "/a b" }));
    }
}
