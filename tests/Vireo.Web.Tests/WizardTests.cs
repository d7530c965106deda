using System.Xml.Linq;
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
    public async Task NetworkInstallFetchesTheTreesKernelAndInitrdThenBootsFromDisk()
    {
        byte[] kernel = "vireo test kernel"u8.ToArray(), initrd = "vireo test initrd"u8.ToArray();
        using var tree = new TreeServer(new() { ["/tree/install.amd/vmlinuz"] = kernel, ["/tree/install.amd/initrd.gz"] = initrd });
        var page = await fx.LoggedInPageAsync();
        await page.ClickAsync("#btn-new-vm");
        await page.WaitForSelectorAsync("#f-name");
        await SetAsync(page, "f-name", "treevm");
        await SetAsync(page, "f-installMethod", "url");
        await SetAsync(page, "f-storageMode", "none");
        await SetAsync(page, "f-networkType", "none");
        await SetAsync(page, "f-memoryMib", "256");
        // not a tree: an inline message under the URL, no guest
        await SetAsync(page, "f-media", tree.Url + "empty/");
        await page.ClickAsync("#dialog-ok");
        await page.WaitForFunctionAsync("() => document.querySelector('#err-media').textContent.includes('Could not find an installable distribution')", Deadline);
        await using var conn = await Connection.OpenAsync(fx.TestUri);
        Assert.DoesNotContain(await conn.ListAllDomainsAsync(), d => d.Name == "treevm");

        await SetAsync(page, "f-media", tree.Url + "tree/");
        await page.ClickAsync("#dialog-ok");
        const string errors = "[...document.querySelectorAll('#dialog-error, .field-error')].map(e => e.textContent).join('')";
        await page.WaitForFunctionAsync($"() => location.hash.endsWith('/console') || {errors}.length > 0", Deadline);
        Assert.Equal("", await page.EvaluateExpressionAsync<string>(errors));
        await page.WaitForFunctionAsync("() => document.querySelector('#details-name')?.textContent === 'treevm'", Deadline);
        var dom = await conn.LookupDomainByNameAsync("treevm");
        var live = XDocument.Parse(await dom.GetXmlDescAsync()).Root!.Element("os")!;
        string kernelPath = live.Element("kernel")!.Value, initrdPath = live.Element("initrd")!.Value;
        try
        {
            Assert.Equal(kernel, File.ReadAllBytes(kernelPath));
            Assert.Equal(initrd, File.ReadAllBytes(initrdPath));
            // the definition for later boots has no install kernel and boots from the disk
            var next = XDocument.Parse(await dom.GetXmlDescAsync(DomainXmlFlags.Inactive)).Root!.Element("os")!;
            Assert.Null(next.Element("kernel"));
            Assert.Equal("hd", (string?)next.Element("boot")?.Attribute("dev"));
        }
        finally
        {
            File.Delete(kernelPath);
            File.Delete(initrdPath);
            await dom.DestroyAsync();
            await dom.UndefineAsync();
            await page.CloseAsync();
        }
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

    /// <summary>Every remaining screen gets a screenshot, and each remaining form answers bad input inline without changing anything.</summary>
    [Fact]
    public async Task RemainingScreensAndFormsAnswerBadInputInline()
    {
        await using var conn = await Connection.OpenAsync(fx.TestUri);
        var page = await fx.LoggedInPageAsync();
        var cid = fx.Web.Connections.All.Single().Id;
        const string anyError = "() => [...document.querySelectorAll('#dialog-error, .field-error')].some(e => e.textContent.length > 0)";

        await page.GoToAsync($"{fx.Url}/#/host/{cid}/overview");
        await page.WaitForSelectorAsync("#host-tab-storage");
        await WebFixture.ScreenshotAsync(page, "host-overview");

        // Add Pool: a relative target path
        await page.ClickAsync("#host-tab-storage");
        await page.WaitForSelectorAsync("#btn-add-pool");
        await WebFixture.ScreenshotAsync(page, "host-storage");
        await page.ClickAsync("#btn-add-pool");
        await page.WaitForSelectorAsync("#f-target");
        await SetAsync(page, "f-name", "webpool");
        await SetAsync(page, "f-target", "relative/dir");
        await page.ClickAsync("#dialog-ok");
        await page.WaitForFunctionAsync("() => document.querySelector('#err-target').textContent.includes('absolute')", Deadline);
        await WebFixture.ScreenshotAsync(page, "add-pool-wizard");
        Assert.DoesNotContain(await conn.ListAllStoragePoolsAsync(), p => p.Name == "webpool");
        await page.ClickAsync("#dialog-cancel");

        // New Volume: no size
        await page.ClickAsync(".btn-new-volume");
        await page.WaitForSelectorAsync("#f-capacityGiB");
        await SetAsync(page, "f-name", "webvol.qcow2");
        await SetAsync(page, "f-capacityGiB", "0");
        await page.ClickAsync("#dialog-ok");
        await page.WaitForFunctionAsync("() => document.querySelector('#err-capacityGiB').textContent.length > 0", Deadline);
        await WebFixture.ScreenshotAsync(page, "new-volume");
        await page.ClickAsync("#dialog-cancel");

        // Preferences: an interval out of range
        await page.ClickAsync("#btn-prefs");
        await page.WaitForSelectorAsync("#f-pollSeconds");
        await SetAsync(page, "f-pollSeconds", "0");
        await page.ClickAsync("#dialog-ok");
        await page.WaitForFunctionAsync(anyError, Deadline);
        Assert.Contains("between", await page.EvaluateExpressionAsync<string>("[...document.querySelectorAll('#dialog-error, .field-error')].map(e => e.textContent).join('')"));
        await WebFixture.ScreenshotAsync(page, "preferences");
        Assert.NotEqual(0, fx.Web.Connections.PollSeconds);
        await page.ClickAsync("#dialog-cancel");

        // Add Connection by form: a remote transport without a host
        await page.ClickAsync("#btn-add-conn");
        await page.WaitForSelectorAsync("#f-transport");
        await SetAsync(page, "f-transport", "ssh");
        await page.ClickAsync("#dialog-ok");
        await page.WaitForFunctionAsync("() => document.querySelector('#err-host').textContent.length > 0", Deadline);
        await WebFixture.ScreenshotAsync(page, "add-connection");
        Assert.Single(fx.Web.Connections.All);
        await page.ClickAsync("#dialog-cancel");

        // the Details window's XML and Console tabs
        var test = await conn.LookupDomainByNameAsync("test");
        await page.GoToAsync($"{fx.Url}/#/d/{cid}/{test.UuidString}/xml");
        await page.WaitForSelectorAsync("#domain-xml");
        Assert.Contains(test.UuidString, await page.EvaluateExpressionAsync<string>("document.querySelector('#domain-xml').textContent"));
        await WebFixture.ScreenshotAsync(page, "details-xml");
        await page.ClickAsync("#tab-console");
        await page.WaitForSelectorAsync("#console-msg");
        await WebFixture.ScreenshotAsync(page, "details-console-none");
        await page.CloseAsync();
    }
}
