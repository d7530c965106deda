using PuppeteerSharp;
using Vireo.Client.Api;

namespace Vireo.Web.Tests;

/// <summary>
/// The Migrate dialog between two QEMU-driver daemons: bad choices get inline messages, then an offline migration
/// moves the definition from host A to host B, and a live migration moves a running TCG guest (the one guest boot of
/// this class). (The test driver has no migration, as libvirt's.)
/// </summary>
[Trait("Category", "Integration")]
public sealed class MigrateTests(TwoHostsFixture fx) : IClassFixture<TwoHostsFixture>
{
    private static readonly WaitForFunctionOptions Deadline = new() { Timeout = 30_000, PollingInterval = 100 };

    private static Task SetAsync(IPage page, string id, object value) =>
        page.EvaluateFunctionAsync("(id, v) => { const e = document.getElementById(id); if (e.type === 'checkbox') e.checked = v; else e.value = v; e.dispatchEvent(new Event('input')); }", id, value);

    [Fact]
    public async Task OfflineMigrationMovesTheGuestToTheOtherHost()
    {
        if (fx.SkipReason is not null) { Console.WriteLine("skipped: " + fx.SkipReason); return; }
        await using var a = await Connection.OpenAsync(fx.Uri('A'));
        await using var b = await Connection.OpenAsync(fx.Uri('B'));
        var dom = await a.DefineDomainXmlAsync("""
            <domain type='qemu'><name>wanderer</name><memory unit='MiB'>64</memory><vcpu>1</vcpu>
              <os><type arch='x86_64' machine='pc'>hvm</type></os></domain>
            """);
        var page = await fx.LoggedInPageAsync();
        var cidB = fx.Web.Connections.All.Single(c => c.Uri == fx.Uri('B')).Id;
        await page.WaitForSelectorAsync("tr.guest-row[data-name='wanderer']");
        await page.WaitForFunctionAsync("() => [...document.querySelectorAll('.conn-state')].every(s => s.textContent === 'Connected')", Deadline);
        await page.ClickAsync("tr.guest-row[data-name='wanderer']");
        await page.ClickAsync("#act-migrate");
        await page.WaitForSelectorAsync("#f-dest");
        Assert.Equal(cidB, await page.EvaluateExpressionAsync<string>("document.querySelector('#f-dest').value"));
        Assert.Equal("offline", await page.EvaluateExpressionAsync<string>("document.querySelector('#f-mode').value"));

        // a shut-off guest cannot migrate live; offline needs the definition kept on the destination
        await SetAsync(page, "f-mode", "live");
        await page.ClickAsync("#dialog-ok");
        await page.WaitForFunctionAsync("() => document.querySelector('#err-mode').textContent.includes('not running')", Deadline);
        await SetAsync(page, "f-mode", "offline");
        await SetAsync(page, "f-persistent", false);
        await page.ClickAsync("#dialog-ok");
        await page.WaitForFunctionAsync("() => document.querySelector('#err-persistent').textContent.length > 0", Deadline);
        Assert.DoesNotContain(await b.ListAllDomainsAsync(), d => d.Name == "wanderer");

        await SetAsync(page, "f-persistent", true);
        await WebFixture.ScreenshotAsync(page, "migrate-dialog");
        await page.ClickAsync("#dialog-ok");
        await page.WaitForFunctionAsync($"() => document.querySelector(\"tr.guest-row[data-name='wanderer']\")?.dataset.conn === '{cidB}'", Deadline);
        await WebFixture.ScreenshotAsync(page, "migrate-done");
        var moved = await b.LookupDomainByNameAsync("wanderer");
        Assert.Equal(dom.UuidString, moved.UuidString);
        Assert.True(await moved.IsPersistentAsync());
        Assert.DoesNotContain(await a.ListAllDomainsAsync(), d => d.Name == "wanderer");
        await moved.UndefineAsync();
        await page.CloseAsync();
    }

    [Fact]
    public async Task LiveMigrationMovesARunningGuestToTheOtherHost()
    {
        if (fx.SkipReason is not null) { Console.WriteLine("skipped: " + fx.SkipReason); return; }
        const string name = "traveller";
        var (kernel, initrd) = QemuGuestFixture.BuildGuest();
        await using var a = await Connection.OpenAsync(fx.Uri('A'));
        await using var b = await Connection.OpenAsync(fx.Uri('B'));
        var dom = await a.DefineDomainXmlAsync($"""
            <domain type='qemu'><name>{name}</name><memory unit='MiB'>128</memory><vcpu>1</vcpu>
              <os><type arch='x86_64' machine='pc'>hvm</type><kernel>{kernel}</kernel><initrd>{initrd}</initrd><cmdline>console=ttyS0</cmdline></os>
              <devices><serial type='pty'><target port='0'/></serial></devices>
            </domain>
            """);
        await dom.StartAsync();
        try
        {
            var page = await fx.LoggedInPageAsync();
            var cidA = fx.Web.Connections.All.Single(c => c.Uri == fx.Uri('A')).Id;
            var cidB = fx.Web.Connections.All.Single(c => c.Uri == fx.Uri('B')).Id;
            var row = $"tr.guest-row[data-name='{name}']";
            await page.WaitForFunctionAsync($"() => document.querySelector(\"{row}\")?.dataset.conn === '{cidA}' && document.querySelector(\"{row} .col-status\").textContent === 'Running'", Deadline);
            await page.ClickAsync(row);
            await page.ClickAsync("#act-migrate");
            await page.WaitForSelectorAsync("#f-dest");
            Assert.Equal(cidB, await page.EvaluateExpressionAsync<string>("document.querySelector('#f-dest').value"));
            Assert.Equal("live", await page.EvaluateExpressionAsync<string>("document.querySelector('#f-mode').value"));
            await page.ClickAsync("#dialog-ok");
            // the row moves to host B's connection and still says Running
            await page.WaitForFunctionAsync($"() => document.querySelector(\"{row}\")?.dataset.conn === '{cidB}' && document.querySelector(\"{row} .col-status\").textContent === 'Running'",
                new WaitForFunctionOptions { Timeout = 180_000, PollingInterval = 250 });
            await WebFixture.ScreenshotAsync(page, "migrate-live-done");
            var moved = await b.LookupDomainByNameAsync(name);
            Assert.Equal(dom.UuidString, moved.UuidString);
            Assert.True(await moved.IsActiveAsync());
            Assert.DoesNotContain(await a.ListAllDomainsAsync(), d => d.Name == name); // left host A, definition too
            await page.CloseAsync();
        }
        finally
        {
            foreach (var conn in new[] { a, b })
            {
                try
                {
                    var d = await conn.LookupDomainByNameAsync(name);
                    if (await d.IsActiveAsync()) await d.DestroyAsync();
                    if (await d.IsPersistentAsync()) await d.UndefineAsync();
                }
                catch (Vireo.Protocol.Errors.LibvirtException) { } // not on this host
            }
        }
    }
}
