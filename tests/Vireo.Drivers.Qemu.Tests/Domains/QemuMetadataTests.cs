using Vireo.Drivers.Domains;
using Vireo.Drivers.Events;
using Vireo.Protocol.Errors;

namespace Vireo.Drivers.Qemu.Tests.Domains;

/// <summary>virDomainSetMetadata/GetMetadata on a defined guest: saved in its config, so a restarted daemon still has it (fast tier, no QEMU).</summary>
public class QemuMetadataTests
{
    private const string Xml = "<domain type='qemu'><name>md</name><uuid>7d1c0e8a-3f2b-4a51-9c1e-2b8f0c6a9d11</uuid><memory>65536</memory><os><type>hvm</type></os></domain>";
    private const string Uri = "https://vireo.dev/xmlns/web/1.0";

    [Fact]
    public async Task ElementTitleAndDescriptionSurviveARestart()
    {
        await using var root = new DriverRoot();
        var drv = root.Open().Domains;
        var dom = await drv.DefineXmlAsync(Xml, 0);
        await drv.SetMetadataAsync(dom, DomainMetadata.Element, "<tags><tag>web</tag><tag>db</tag></tags>", "vireo", Uri, 0);
        await drv.SetMetadataAsync(dom, DomainMetadata.Title, "A title", null, null, 0);
        await drv.SetMetadataAsync(dom, DomainMetadata.Description, "Line 1\nLine 2", null, null, 0);
        var ev = root.Events.OfType<DomainMetadataChangeEvent>().First();
        Assert.Equal((DomainMetadata.Element, Uri), (ev.Type, ev.NamespaceUri));

        var again = root.Open(autostart: false).Domains;
        var found = await again.LookupByNameAsync("md");
        var xml = await again.GetXmlDescAsync(found, DomainFlags.XmlInactive);
        Assert.Contains($"<vireo:tags xmlns:vireo=\"{Uri}\">", xml);
        Assert.Contains("<vireo:tag>web</vireo:tag>", xml);
        Assert.Equal("<tags>\n  <tag>web</tag>\n  <tag>db</tag>\n</tags>", (await again.GetMetadataAsync(found, DomainMetadata.Element, Uri, 0)).ReplaceLineEndings("\n"));
        Assert.Equal("A title", await again.GetMetadataAsync(found, DomainMetadata.Title, null, 0));
        Assert.Equal("Line 1\nLine 2", await again.GetMetadataAsync(found, DomainMetadata.Description, null, 0));

        // removing the element: asked again, it is not there
        await again.SetMetadataAsync(found, DomainMetadata.Element, null, null, Uri, DomainFlags.AffectConfig);
        var gone = await Assert.ThrowsAsync<LibvirtException>(() => again.GetMetadataAsync(found, DomainMetadata.Element, Uri, 0));
        Assert.Equal((ErrorCode.NoDomainMetadata, "metadata not found: Requested metadata element is not present"), (gone.Code, gone.Message));
        Assert.DoesNotContain("<metadata", await again.GetXmlDescAsync(found, DomainFlags.XmlInactive));
    }

    [Fact]
    public async Task BadMetadataIsRefusedAndChangesNothing()
    {
        await using var root = new DriverRoot();
        var drv = root.Open().Domains;
        var dom = await drv.DefineXmlAsync(Xml, 0);
        var before = await drv.GetXmlDescAsync(dom, DomainFlags.XmlInactive);
        var bad = await Assert.ThrowsAsync<LibvirtException>(() => drv.SetMetadataAsync(dom, DomainMetadata.Element, "<tags><tag>", "vireo", Uri, 0));
        Assert.Equal(ErrorCode.XmlDetail, bad.Code);
        var live = await Assert.ThrowsAsync<LibvirtException>(() => drv.SetMetadataAsync(dom, DomainMetadata.Element, "<tags/>", "vireo", Uri, DomainFlags.AffectLive));
        Assert.Equal("Requested operation is not valid: domain is not running", live.Message);
        Assert.Equal(before, await drv.GetXmlDescAsync(dom, DomainFlags.XmlInactive));
    }
}
