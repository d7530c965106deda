using System.Xml.Linq;
using PuppeteerSharp;
using Vireo.Client.Api;

namespace Vireo.Web.Tests;

/// <summary>The page in real Chromium against vireod's test driver: log in, the main window, actions, details, Add Hardware.</summary>
[Trait("Category", "Integration")]
public sealed class MainWindowTests(WebFixture fx) : IClassFixture<WebFixture>
{
    private const int Deadline = 30_000; // ms: every wait below polls until this deadline

    private static Task WaitForAsync(IPage page, string js) =>
        page.WaitForFunctionAsync(js, new WaitForFunctionOptions { Timeout = Deadline, PollingInterval = 100 });

    [Fact]
    public async Task WrongPasswordGetsNoSession()
    {
        var page = await fx.NewPageAsync();
        await page.GoToAsync(fx.Url);
        await page.WaitForSelectorAsync("#login-user");
        await page.TypeAsync("#login-user", WebFixture.User);
        await page.TypeAsync("#login-password", "wrong");
        await page.ClickAsync("#login-submit");
        await WaitForAsync(page, "() => document.querySelector('#login-error').textContent.length > 0");
        Assert.Equal("wrong user name or password", await page.EvaluateExpressionAsync<string>("document.querySelector('#login-error').textContent"));
        Assert.Null(await page.QuerySelectorAsync("#guests"));
        var status = await page.EvaluateExpressionAsync<int>("fetch('/api/overview').then(r => r.status)");
        Assert.Equal(401, status);
        await WebFixture.ScreenshotAsync(page, "login-wrong-password");
        await page.CloseAsync();
    }

    [Fact]
    public async Task MainWindowListsGuestsAndPauseResumeChangesTheStatus()
    {
        var page = await fx.LoggedInPageAsync();
        const string row = "tr.guest-row[data-name='test']";
        await page.WaitForSelectorAsync(row);
        Assert.Equal("Connected", await page.EvaluateExpressionAsync<string>("document.querySelector('.conn-state').textContent"));
        Assert.Equal("Running", await page.EvaluateExpressionAsync<string>($"document.querySelector(\"{row} .col-status\").textContent"));
        await WebFixture.ScreenshotAsync(page, "main-window");

        await page.ClickAsync(row);
        await page.ClickAsync("#act-pause");
        await WaitForAsync(page, $"() => document.querySelector(\"{row} .col-status\")?.textContent === 'Paused'");
        await using (var conn = await Connection.OpenAsync(fx.TestUri))
            Assert.Equal(DomainState.Paused, (await (await conn.LookupDomainByNameAsync("test")).GetStateAsync()).State);

        await page.ClickAsync(row);
        await page.ClickAsync("#act-resume");
        await WaitForAsync(page, $"() => document.querySelector(\"{row} .col-status\")?.textContent === 'Running'");
        await page.CloseAsync();
    }

    [Fact]
    public async Task ChangesMadeByAnotherClientShowThroughEvents()
    {
        var page = await fx.LoggedInPageAsync();
        await page.WaitForSelectorAsync("tr.guest-row[data-name='test']");
        await using var conn = await Connection.OpenAsync(fx.TestUri);
        var xml = "<domain type='test'><name>evented</name><memory>65536</memory><vcpu>2</vcpu><os><type>hvm</type></os></domain>";
        var dom = await conn.DefineDomainXmlAsync(xml);
        await WaitForAsync(page, "() => document.querySelector(\"tr.guest-row[data-name='evented'] .col-status\")?.textContent === 'Shutoff'");
        await dom.StartAsync();
        await WaitForAsync(page, "() => document.querySelector(\"tr.guest-row[data-name='evented'] .col-status\")?.textContent === 'Running'");
        Assert.Equal("2", await page.EvaluateExpressionAsync<string>("document.querySelector(\"tr.guest-row[data-name='evented'] .col-vcpus\").textContent"));
        await dom.DestroyAsync();
        await dom.UndefineAsync();
        await WaitForAsync(page, "() => !document.querySelector(\"tr.guest-row[data-name='evented']\")");
        await page.CloseAsync();
    }

    [Fact]
    public async Task DetailsShowOverviewAndAddHardwareAddsADisk()
    {
        await using var conn = await Connection.OpenAsync(fx.TestUri);
        var dom = await conn.LookupDomainByNameAsync("test");
        var page = await fx.LoggedInPageAsync();
        await page.WaitForSelectorAsync("tr.guest-row[data-name='test']");
        await page.ClickAsync("tr.guest-row[data-name='test']");
        await page.ClickAsync("#act-open");
        await page.WaitForSelectorAsync("#ov-uuid");
        Assert.Equal(dom.UuidString, await page.EvaluateExpressionAsync<string>("document.querySelector('#ov-uuid').textContent"));
        Assert.Equal("test", await page.EvaluateExpressionAsync<string>("document.querySelector('#ov-hypervisor').textContent"));
        await WebFixture.ScreenshotAsync(page, "details-overview");

        await page.ClickAsync("#tab-hardware");
        await page.WaitForSelectorAsync("#btn-add-hw");
        await WebFixture.ScreenshotAsync(page, "details-hardware");
        await page.ClickAsync("#btn-add-hw");
        await page.WaitForSelectorAsync("#f-kind");
        // bad input first: an inline message, nothing changed
        await page.EvaluateExpressionAsync("document.querySelector('#f-source').value = 'relative/path.img'");
        await page.ClickAsync("#dialog-ok");
        await WaitForAsync(page, "() => document.querySelector('#err-source').textContent.length > 0");
        Assert.Contains("absolute", await page.EvaluateExpressionAsync<string>("document.querySelector('#err-source').textContent"));
        Assert.DoesNotContain("relative/path.img", await dom.GetXmlDescAsync(DomainXmlFlags.Inactive));

        await page.EvaluateExpressionAsync("document.querySelector('#f-source').value = '/var/lib/vireo/images/extra.img'");
        await page.EvaluateExpressionAsync("document.querySelector('#f-bus').value = 'sata'");
        await WebFixture.ScreenshotAsync(page, "add-hardware");
        await page.ClickAsync("#dialog-ok");
        await WaitForAsync(page, "() => document.querySelector('#hw-message')?.textContent.length > 0");
        var inactive = await dom.GetXmlDescAsync(DomainXmlFlags.Inactive);
        Assert.Contains("/var/lib/vireo/images/extra.img", inactive);
        Assert.Contains("bus='sata'", inactive.Replace('"', '\''));
        Assert.True(await page.EvaluateExpressionAsync<bool>("[...document.querySelectorAll('#hw-list li')].some(li => li.textContent.startsWith('Disk SD'))"));
        await page.CloseAsync();
    }

    [Fact]
    public async Task EditingADiskAndANicInPlaceChangesTheDefinition()
    {
        await using var conn = await Connection.OpenAsync(fx.TestUri);
        var dom = await conn.LookupDomainByNameAsync("test");
        var page = await fx.LoggedInPageAsync();
        var cid = fx.Web.Connections.All.Single().Id;
        await page.GoToAsync($"{fx.Url}/#/d/{cid}/{dom.UuidString}/hardware");
        await page.WaitForSelectorAsync("#hw-list");

        // the disk: cache mode and read-only
        await page.EvaluateExpressionAsync("[...document.querySelectorAll('#hw-list li')].find(li => li.textContent === 'Disk VDA').click()");
        await page.WaitForSelectorAsync("#hw-cache");
        await page.EvaluateExpressionAsync("document.querySelector('#hw-cache').value = 'none'; document.querySelector('#hw-readonly').checked = true; document.querySelector('#hw-apply').click()");
        await WaitForAsync(page, "() => document.querySelector('#hw-message')?.textContent.length > 0");
        // the test driver cannot update a running guest's disk: saved for the next boot, and the page says so
        Assert.Contains("next boot", await page.EvaluateExpressionAsync<string>("document.querySelector('#hw-message').textContent"));
        var disk = XDocument.Parse(await dom.GetXmlDescAsync(DomainXmlFlags.Inactive)).Descendants("disk")
            .Single(d => (string?)d.Element("target")?.Attribute("dev") == "vda");
        Assert.Equal("none", (string?)disk.Element("driver")?.Attribute("cache"));
        Assert.NotNull(disk.Element("readonly"));
        await WebFixture.ScreenshotAsync(page, "details-hardware-edit-disk");

        // the NIC: a bad model is refused inline and changes nothing; then e1000 on network 'default'
        await page.EvaluateExpressionAsync("[...document.querySelectorAll('#hw-list li')].find(li => li.textContent.startsWith('NIC')).click()");
        await page.WaitForSelectorAsync("#hw-model");
        await page.EvaluateExpressionAsync("document.querySelector('#hw-source').value = '  '; document.querySelector('#hw-apply').click()");
        await WaitForAsync(page, "() => document.querySelector('#hw-error')?.textContent.includes('enter the virtual network')");
        await page.EvaluateExpressionAsync("document.querySelector('#hw-source').value = 'default'; document.querySelector('#hw-model').value = 'e1000'; document.querySelector('#hw-apply').click()");
        await WaitForAsync(page, "() => document.querySelector('#hw-message')?.textContent.length > 0");
        var nic = XDocument.Parse(await dom.GetXmlDescAsync(DomainXmlFlags.Inactive)).Descendants("interface").Single();
        Assert.Equal("e1000", (string?)nic.Element("model")?.Attribute("type"));
        Assert.Equal("aa:bb:cc:dd:ee:ff", (string?)nic.Element("mac")?.Attribute("address"));
        Assert.Equal("default", (string?)nic.Element("source")?.Attribute("network"));
        await page.CloseAsync();
    }

    [Fact]
    public async Task AddingAConnectionWithABadUriShowsAnInlineMessage()
    {
        var page = await fx.LoggedInPageAsync();
        await page.ClickAsync("#btn-add-conn");
        await page.WaitForSelectorAsync("#f-uri");
        await page.TypeAsync("#f-uri", "not a uri");
        await page.ClickAsync("#dialog-ok");
        await WaitForAsync(page, "() => document.querySelector('#dialog-error').textContent.length > 0");
        Assert.Contains("Unable to parse", await page.EvaluateExpressionAsync<string>("document.querySelector('#dialog-error').textContent"));
        Assert.Single(fx.Web.Connections.All);
        await page.CloseAsync();
    }
}
