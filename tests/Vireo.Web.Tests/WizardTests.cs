using PuppeteerSharp;
using Vireo.Client.Api;

namespace Vireo.Web.Tests;

/// <summary>The New VM and create-network wizards through the page, checked with the daemon.</summary>
[Trait("Category", "Integration")]
public sealed class WizardTests(WebFixture fx) : IClassFixture<WebFixture>
{
    private static readonly WaitForFunctionOptions Deadline = new() { Timeout = 30_000, PollingInterval = 100 };

    private static Task SetAsync(IPage page, string id, string value) =>
        page.EvaluateFunctionAsync("(id, v) => { const e = document.getElementById(id); e.value = v; e.dispatchEvent(new Event('input')); }", id, value);

    [Fact]
    public async Task NewVmWizardValidatesTheNameThenCreatesAndStartsTheGuest()
    {
        var page = await fx.LoggedInPageAsync();
        await page.ClickAsync("#btn-new-vm");
        await page.WaitForSelectorAsync("#f-name");
        await SetAsync(page, "f-name", "bad name!");
        await SetAsync(page, "f-installMethod", "pxe");
        await SetAsync(page, "f-storageMode", "none");
        await SetAsync(page, "f-networkType", "network");
        await SetAsync(page, "f-networkSource", "default");
        await SetAsync(page, "f-memoryMib", "100000000");
        await page.WaitForFunctionAsync("() => document.querySelector('#dialog-warning').textContent.includes('More memory than the host')", Deadline);
        await SetAsync(page, "f-memoryMib", "256");
        await page.ClickAsync("#dialog-ok");
        await page.WaitForFunctionAsync("() => document.querySelector('#err-name').textContent.length > 0", Deadline);
        Assert.Contains("no spaces", await page.EvaluateExpressionAsync<string>("document.querySelector('#err-name').textContent"));
        await using var conn = await Connection.OpenAsync(fx.TestUri);
        Assert.DoesNotContain(await conn.ListAllDomainsAsync(), d => d.Name == "bad name!");
        await WebFixture.ScreenshotAsync(page, "new-vm-wizard");

        await SetAsync(page, "f-name", "wizvm");
        await page.ClickAsync("#dialog-ok");
        await page.WaitForFunctionAsync("() => location.hash.endsWith('/console') && document.querySelector('#details-name')?.textContent === 'wizvm'", Deadline);
        var dom = await conn.LookupDomainByNameAsync("wizvm");
        Assert.Equal(DomainState.Running, (await dom.GetStateAsync()).State);
        var xml = await dom.GetXmlDescAsync();
        Assert.Contains("<boot dev=\"network\"", xml.Replace('\'', '"'));
        Assert.Contains("262144", xml); // 256 MiB in KiB
        await page.GoToAsync(fx.Url + "/#/");
        await page.WaitForSelectorAsync("tr.guest-row[data-name='wizvm']");
        await dom.DestroyAsync();
        await dom.UndefineAsync();
        await page.CloseAsync();
    }

    [Fact]
    public async Task CreateNetworkWizardDefinesAndStartsTheNetwork()
    {
        var page = await fx.LoggedInPageAsync();
        var cid = fx.Web.Connections.All.Single().Id;
        await page.GoToAsync($"{fx.Url}/#/host/{cid}/networks");
        await page.WaitForSelectorAsync("#btn-add-network");
        await page.ClickAsync("#btn-add-network");
        await page.WaitForSelectorAsync("#f-name");
        await SetAsync(page, "f-name", "webnet");
        await SetAsync(page, "f-ipv4", "192.168.150.0/24");
        await SetAsync(page, "f-dhcpStart", "10.0.0.5"); // outside the network: inline message
        await SetAsync(page, "f-dhcpEnd", "192.168.150.200");
        await SetAsync(page, "f-forward", "isolated");
        await page.ClickAsync("#dialog-ok");
        await page.WaitForFunctionAsync("() => document.querySelector('#err-dhcpStart').textContent.length > 0", Deadline);
        await using var conn = await Connection.OpenAsync(fx.TestUri);
        Assert.DoesNotContain(await conn.ListAllNetworksAsync(), n => n.Name == "webnet");

        await SetAsync(page, "f-dhcpStart", "192.168.150.100");
        await page.ClickAsync("#dialog-ok");
        await page.WaitForSelectorAsync("#networks tr[data-name='webnet']");
        await WebFixture.ScreenshotAsync(page, "host-networks");
        var net = await conn.LookupNetworkByNameAsync("webnet");
        Assert.True(await net.IsActiveAsync());
        var xml = (await net.GetXmlDescAsync()).Replace('"', '\'');
        Assert.Contains("<range start='192.168.150.100' end='192.168.150.200'", xml);
        Assert.Contains("address='192.168.150.1'", xml);
        Assert.DoesNotContain("<forward", xml);
        await net.DestroyAsync();
        await net.UndefineAsync();
        await page.CloseAsync();
    }
}
