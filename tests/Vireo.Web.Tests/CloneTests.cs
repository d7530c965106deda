using System.Xml.Linq;
using PuppeteerSharp;
using Vireo.Client.Api;

namespace Vireo.Web.Tests;

/// <summary>The Clone dialog through the page on the test driver: the twin appears in the list, with a new UUID and MAC.</summary>
[Trait("Category", "Integration")]
public sealed class CloneTests(WebFixture fx) : IClassFixture<WebFixture>
{
    private static readonly WaitForFunctionOptions Deadline = new() { Timeout = 30_000, PollingInterval = 100 };

    private static Task SetAsync(IPage page, string id, string value) =>
        page.EvaluateFunctionAsync("(id, v) => { const e = document.getElementById(id); e.value = v; e.dispatchEvent(new Event('input')); }", id, value);

    [Fact]
    public async Task CloneCopiesOneDiskSharesTheOtherAndGivesANewUuidAndMac()
    {
        await using var conn = await Connection.OpenAsync(fx.TestUri);
        var pool = await conn.LookupStoragePoolByNameAsync("default-pool");
        foreach (var v in new[] { "cloneme.img", "shared-data.img" })
            await pool.CreateVolumeXmlAsync($"<volume><name>{v}</name><capacity unit='MiB'>16</capacity><target><format type='raw'/></target></volume>");
        var orig = await conn.DefineDomainXmlAsync("""
            <domain type='test'><name>cloneme</name><memory>65536</memory><vcpu>1</vcpu><os><type>hvm</type></os>
              <devices>
                <disk type='file' device='disk'><source file='/default-pool/cloneme.img'/><target dev='vda' bus='virtio'/></disk>
                <disk type='file' device='disk'><source file='/default-pool/shared-data.img'/><target dev='vdb' bus='virtio'/></disk>
                <interface type='network'><mac address='52:54:00:aa:bb:01'/><source network='default'/></interface>
              </devices>
            </domain>
            """);

        var page = await fx.LoggedInPageAsync();
        await page.WaitForSelectorAsync("tr.guest-row[data-name='cloneme']");
        await page.ClickAsync("tr.guest-row[data-name='cloneme']");
        await page.ClickAsync("#act-clone");
        await page.WaitForSelectorAsync("#f-disk1");
        Assert.Equal("cloneme-clone", await page.EvaluateExpressionAsync<string>("document.querySelector('#f-name').value"));
        // bad input: an inline message under the field, nothing created
        await SetAsync(page, "f-name", "bad name!");
        await page.ClickAsync("#dialog-ok");
        await page.WaitForFunctionAsync("() => document.querySelector('#err-name').textContent.length > 0", Deadline);
        await SetAsync(page, "f-name", "cloneme-twin");
        await SetAsync(page, "f-mac0", "52:54:00:zz:00:01");
        await page.ClickAsync("#dialog-ok");
        await page.WaitForFunctionAsync("() => document.querySelector('#err-mac0').textContent.includes('invalid MAC')", Deadline);
        Assert.DoesNotContain(await conn.ListAllDomainsAsync(), d => d.Name == "cloneme-twin");

        await SetAsync(page, "f-mac0", "");
        await SetAsync(page, "f-disk1", "share");
        await WebFixture.ScreenshotAsync(page, "clone-dialog");
        await page.ClickAsync("#dialog-ok");
        await page.WaitForSelectorAsync("tr.guest-row[data-name='cloneme-twin']");
        await WebFixture.ScreenshotAsync(page, "clone-done");

        var twin = await conn.LookupDomainByNameAsync("cloneme-twin");
        var xml = XDocument.Parse(await twin.GetXmlDescAsync());
        Assert.NotEqual(orig.UuidString, twin.UuidString);
        Assert.Equal(twin.UuidString, xml.Root!.Element("uuid")!.Value);
        var mac = (string?)xml.Descendants("interface").Single().Element("mac")?.Attribute("address");
        Assert.NotNull(mac);
        Assert.NotEqual("52:54:00:aa:bb:01", mac);
        var sources = xml.Descendants("disk").Select(d => (string?)d.Element("source")?.Attribute("file")).ToList();
        Assert.Equal(["/default-pool/cloneme-twin.img", "/default-pool/shared-data.img"], sources);
        var copy = await conn.LookupStorageVolumeByPathAsync("/default-pool/cloneme-twin.img");
        Assert.Equal(16UL * 1024 * 1024, (await copy.GetInfoAsync()).Capacity);

        await twin.UndefineAsync();
        await orig.UndefineAsync();
        await copy.DeleteAsync();
        await page.CloseAsync();
    }

    [Fact]
    public async Task CloningARunningGuestIsRefusedInline()
    {
        var page = await fx.LoggedInPageAsync();
        await page.WaitForSelectorAsync("tr.guest-row[data-name='test']");
        await page.ClickAsync("tr.guest-row[data-name='test']");
        await page.ClickAsync("#act-clone");
        await page.WaitForSelectorAsync("#f-name");
        await page.ClickAsync("#dialog-ok");
        await page.WaitForFunctionAsync("() => document.querySelector('#dialog-error').textContent.includes('is running')", Deadline);
        await using var conn = await Connection.OpenAsync(fx.TestUri);
        Assert.DoesNotContain(await conn.ListAllDomainsAsync(), d => d.Name == "test-clone");
        await page.CloseAsync();
    }
}
