using System.Diagnostics;

namespace Vireo.Daemon.Tests;

/// <summary>
/// The real virsh's `metadata` and `desc` against vireod (test driver) and against libvirt's own test driver
/// (test:///default, which virsh runs in process): the same session prints the same thing, except the text of
/// libxml2's parse error, which .NET's parser words differently.
/// </summary>
public sealed class MetadataVirshTests
{
    private const string Session =
        "metadata test https://vireo.dev/xmlns/web/1.0 --key vireo --set \"<tags><tag>web</tag><tag>db</tag></tags>\"; " +
        "metadata test https://vireo.dev/xmlns/web/1.0; " +
        "dumpxml test --xpath //metadata; " +
        "metadata test https://vireo.dev/xmlns/web/1.0 --key vireo --config --set \"<tags><tag>prod</tag></tags>\"; " +
        "metadata test https://vireo.dev/xmlns/web/1.0 --config; " +
        "metadata test https://vireo.dev/xmlns/web/1.0 --live; " +
        "metadata test https://vireo.dev/xmlns/web/1.0 --remove; " +
        "metadata test https://vireo.dev/xmlns/web/1.0; " +
        "metadata test https://x.org/ --key 1bad --set \"<a/>\"; " +
        "metadata test https://x.org/ --config --live; " +
        "desc test --title --new-desc \"My title\"; desc test --title; desc test --new-desc \"Line 1\"; desc test; " +
        "metadata test https://x.org/ --key k --set \"<a><b>\"";

    [Fact]
    public void VirshMetadataAndDescBehaveAsOnLibvirtsTestDriver()
    {
        using var daemon = new InProcessDaemon();
        string ours = Virsh("test+unix:///default?socket=" + daemon.Paths.RwSocket);
        string reference = Virsh("test:///default");
        // the last command's parse error: same prefix, parser-specific text after it
        const string parseError = "error: (metadata_xml):1: ";
        int cutOurs = ours.LastIndexOf(parseError, StringComparison.Ordinal), cutRef = reference.LastIndexOf(parseError, StringComparison.Ordinal);
        Assert.True(cutRef > 0, reference);
        Assert.True(cutOurs > 0, ours);
        Assert.Equal(reference[..cutRef], ours[..cutOurs]);
        Assert.Contains("<vireo:tag>web</vireo:tag>", ours);
    }

    private static string Virsh(string uri)
    {
        var psi = new ProcessStartInfo("virsh") { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add(uri);
        psi.ArgumentList.Add(Session);
        using var p = Process.Start(psi)!;
        var err = p.StandardError.ReadToEndAsync();
        string output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return output + "\n--- stderr ---\n" + err.Result;
    }
}
