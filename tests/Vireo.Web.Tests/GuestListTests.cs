using System.Diagnostics;
using PuppeteerSharp;
using Vireo.Client.Api;
using Vireo.Protocol.Errors;

namespace Vireo.Web.Tests;

/// <summary>
/// The main window's guest list in real Chromium against vireod's test driver: tags (kept in the domain's
/// &lt;metadata&gt;, seen by the real virsh), filters and grouping, multi-select with bulk actions, keyboard
/// shortcuts, and the virtualized list with hundreds of guests. Each test uses guests of its own name prefix.
/// </summary>
[Trait("Category", "Integration")]
public sealed class GuestListTests(WebFixture fx) : IClassFixture<WebFixture>
{
    private const int Deadline = 30_000; // ms: every wait below polls until this deadline
    private const string TagsUri = "https://vireo.dev/xmlns/web/1.0";

    private static Task WaitForAsync(IPage page, string js) =>
        page.WaitForFunctionAsync(js, new WaitForFunctionOptions { Timeout = Deadline, PollingInterval = 100 });

    private static string Row(string name) => $"tr.guest-row[data-name='{name}']";

    private static Task<string[]> ShownNamesAsync(IPage page) =>
        page.EvaluateExpressionAsync<string[]>("[...document.querySelectorAll('tr.guest-row')].map(r => r.dataset.name)");

    private static async Task<List<Domain>> DefineAsync(Connection conn, IEnumerable<string> names, bool start)
    {
        var doms = new List<Domain>();
        foreach (var n in names)
        {
            var d = await conn.DefineDomainXmlAsync($"<domain type='test'><name>{n}</name><memory>65536</memory><vcpu>1</vcpu><os><type>hvm</type></os></domain>");
            if (start) await d.StartAsync();
            doms.Add(d);
        }
        return doms;
    }

    private static async Task RemoveAsync(IEnumerable<Domain> doms)
    {
        foreach (var d in doms)
        {
            try
            {
                if (await d.IsActiveAsync()) await d.DestroyAsync();
                await d.UndefineAsync();
            }
            catch (LibvirtException e) when (e.Code == ErrorCode.NoDomain)
            {
                // already deleted by the test
            }
        }
    }

    private string Virsh(params string[] args)
    {
        var psi = new ProcessStartInfo("virsh") { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add(fx.TestUri);
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var err = p.StandardError.ReadToEndAsync();
        string output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return output + err.Result;
    }

    private static async Task ClickWithAsync(IPage page, string selector, string modifier)
    {
        await page.Keyboard.DownAsync(modifier);
        await page.ClickAsync(selector);
        await page.Keyboard.UpAsync(modifier);
    }

    [Fact]
    public async Task TagsAreKeptInTheDomainMetadataAndFilterAndGroupTheList()
    {
        await using var conn = await Connection.OpenAsync(fx.TestUri);
        var doms = await DefineAsync(conn, ["tg-web1", "tg-web2", "tg-db1"], start: true);
        try
        {
            var page = await fx.LoggedInPageAsync();
            await page.WaitForSelectorAsync(Row("tg-db1"));
            await page.ClickAsync(Row("tg-web1"));
            await ClickWithAsync(page, Row("tg-web2"), "Control");
            await page.ClickAsync("#act-tags");
            await page.WaitForSelectorAsync("#f-add");

            // a bad tag: the message sits under the field and no guest changed
            await page.TypeAsync("#f-add", "web, <bad>");
            await page.ClickAsync("#dialog-ok");
            await WaitForAsync(page, "() => document.querySelector('#err-add').textContent.length > 0");
            Assert.Contains("may only contain", await page.EvaluateExpressionAsync<string>("document.querySelector('#err-add').textContent"));
            Assert.Contains("metadata not found", Virsh("metadata", "tg-web1", TagsUri));

            await page.EvaluateExpressionAsync("document.querySelector('#f-add').value = 'web, frontend'");
            await WebFixture.ScreenshotAsync(page, "guest-list-tags-dialog");
            await page.ClickAsync("#dialog-ok");
            await WaitForAsync(page, "() => document.querySelector('#bulk-summary')?.textContent === 'Tags: 2 done'");
            await WaitForAsync(page, $"() => document.querySelector(\"{Row("tg-web2")}\")?.dataset.tags === 'web,frontend'");

            // where libvirt users look: virsh metadata and the domain XML, in vireo-web's namespace
            string shown = Virsh("metadata", "tg-web2", TagsUri);
            Assert.Contains("<tag>web</tag>", shown);
            Assert.Contains("<tag>frontend</tag>", shown);
            Assert.Contains($"<vireo:tags xmlns:vireo=\"{TagsUri}\">", await doms[1].GetXmlDescAsync(DomainXmlFlags.Inactive));

            // tags set by another client (virsh) show through the metadata-change event
            Assert.Contains("Metadata modified", Virsh("metadata", "tg-db1", TagsUri, "--key", "vireo", "--set", "<tags><tag>db</tag></tags>", "--live", "--config"));
            await WaitForAsync(page, $"() => document.querySelector(\"{Row("tg-db1")}\")?.dataset.tags === 'db'");

            // filter by tag, by name, and group by tag
            await page.SelectAsync("#tag-filter", "web");
            await WaitForAsync(page, "() => document.querySelectorAll('tr.guest-row').length === 2");
            Assert.Equal(["tg-web1", "tg-web2"], (await ShownNamesAsync(page)).Order());
            await WebFixture.ScreenshotAsync(page, "guest-list-tag-filter");
            await page.SelectAsync("#tag-filter", "");
            await page.TypeAsync("#filter", "tg-");
            await WaitForAsync(page, "() => document.querySelectorAll('tr.guest-row').length === 3");
            await page.ClickAsync("#group-by-tag");
            await WaitForAsync(page, "() => document.querySelectorAll('tr.group-row').length === 3");
            Assert.Equal(["db", "frontend", "web"], await page.EvaluateExpressionAsync<string[]>("[...document.querySelectorAll('tr.group-row')].map(r => r.dataset.tag)"));
            Assert.Equal(["tg-db1", "tg-web1", "tg-web2", "tg-web1", "tg-web2"], await ShownNamesAsync(page));
            await WebFixture.ScreenshotAsync(page, "guest-list-grouped");
            await page.ClickAsync("#group-by-tag");
            await page.EvaluateExpressionAsync("document.querySelector('#filter').value = ''");
            await page.TypeAsync("#filter", "db");
            await WaitForAsync(page, "() => document.querySelectorAll('tr.guest-row').length === 1");
            Assert.Equal(["tg-db1"], await ShownNamesAsync(page));

            // removing a tag through the dialog
            await page.ClickAsync(Row("tg-db1"));
            await page.ClickAsync("#act-tags");
            await page.WaitForSelectorAsync("#f-remove");
            await page.TypeAsync("#f-remove", "db");
            await page.ClickAsync("#dialog-ok");
            await WaitForAsync(page, $"() => document.querySelector(\"{Row("tg-db1")}\")?.dataset.tags === ''");
            Assert.Contains("metadata not found", Virsh("metadata", "tg-db1", TagsUri));
            await page.CloseAsync();
        }
        finally
        {
            await RemoveAsync(doms);
        }
    }

    [Fact]
    public async Task BulkActionsRunOnEverySelectedGuestAndReportEachFailureInline()
    {
        await using var conn = await Connection.OpenAsync(fx.TestUri);
        var doms = await DefineAsync(conn, ["bk-1", "bk-2", "bk-3", "bk-4"], start: true);
        doms.AddRange(await DefineAsync(conn, ["bk-5"], start: false));
        try
        {
            var page = await fx.LoggedInPageAsync();
            await page.WaitForSelectorAsync(Row("bk-5"));
            await page.TypeAsync("#filter", "bk-");
            await WaitForAsync(page, "() => document.querySelectorAll('tr.guest-row').length === 5");

            // Shift+click selects a range
            await page.ClickAsync(Row("bk-1"));
            await ClickWithAsync(page, Row("bk-3"), "Shift");
            Assert.Equal(["bk-1", "bk-2", "bk-3"], await page.EvaluateExpressionAsync<string[]>("[...document.querySelectorAll('tr.guest-row.selected')].map(r => r.dataset.name)"));

            // select-all takes every guest the filter shows (and only those)
            await page.ClickAsync("#select-all");
            await WaitForAsync(page, "() => document.querySelectorAll('tr.guest-row.selected').length === 5");
            Assert.Equal("5 shown, 5 selected", await page.EvaluateExpressionAsync<string>("document.querySelector('#sel-count').textContent"));
            await page.ClickAsync("#act-pause");
            // bk-5 is shut off: its failure is listed, the four others are paused
            await WaitForAsync(page, "() => document.querySelector('#bulk-summary')?.textContent === 'Pause: 4 done, 1 failed'");
            Assert.Contains("not running", await page.EvaluateExpressionAsync<string>("document.querySelector(\"#bulk-list li.error[data-name='bk-5']\").textContent"));
            await WaitForAsync(page, "() => [1,2,3,4].every(i => document.querySelector(`tr.guest-row[data-name='bk-${i}'] .col-status`)?.textContent === 'Paused')");
            foreach (var d in doms.Take(4))
                Assert.Equal(DomainState.Paused, (await d.GetStateAsync()).State);
            await WebFixture.ScreenshotAsync(page, "guest-list-bulk-pause");

            await page.ClickAsync("#act-resume");
            await WaitForAsync(page, "() => document.querySelector('#bulk-summary')?.textContent === 'Resume: 4 done, 1 failed'");
            await page.ClickAsync("#act-forceoff");
            await WaitForAsync(page, "() => document.querySelector('#bulk-summary')?.textContent === 'Force Off: 4 done, 1 failed'");
            await WaitForAsync(page, "() => [...document.querySelectorAll('tr.guest-row .col-status')].every(c => c.textContent === 'Shutoff')");

            // Delete asks once, naming every guest; then all five go
            await page.ClickAsync("#act-delete");
            await page.WaitForSelectorAsync("#delete-list");
            Assert.Equal(["bk-1", "bk-2", "bk-3", "bk-4", "bk-5"], await page.EvaluateExpressionAsync<string[]>("[...document.querySelectorAll('#delete-list li')].map(li => li.textContent)"));
            await WebFixture.ScreenshotAsync(page, "guest-list-bulk-delete");
            await page.ClickAsync("#dialog-ok");
            await WaitForAsync(page, "() => document.querySelector('#bulk-summary')?.textContent === 'Delete: 5 done'");
            await WaitForAsync(page, "() => document.querySelectorAll('tr.guest-row').length === 0");
            Assert.DoesNotContain("bk-", Virsh("list", "--all", "--name"));
            await page.CloseAsync();
        }
        finally
        {
            await RemoveAsync(doms);
        }
    }

    [Fact]
    public async Task KeyboardShortcutsMoveSelectOpenAndAreOffWhileTyping()
    {
        await using var conn = await Connection.OpenAsync(fx.TestUri);
        var doms = await DefineAsync(conn, ["kb-a", "kb-b", "kb-c"], start: true);
        try
        {
            var page = await fx.LoggedInPageAsync();
            await page.WaitForSelectorAsync(Row("kb-c"));

            // '/' focuses the filter; letters typed there filter, they do not move the selection
            await page.Keyboard.PressAsync("/");
            Assert.Equal("filter", await page.EvaluateExpressionAsync<string>("document.activeElement.id"));
            await page.Keyboard.TypeAsync("kb-");
            await WaitForAsync(page, "() => document.querySelectorAll('tr.guest-row').length === 3");
            Assert.Equal("kb-", await page.EvaluateExpressionAsync<string>("document.querySelector('#filter').value"));
            Assert.Equal(0, await page.EvaluateExpressionAsync<int>("document.querySelectorAll('tr.guest-row.selected').length"));
            await page.EvaluateExpressionAsync("document.activeElement.blur()");

            // j/k and the arrows move the selection, Shift extends it
            await page.Keyboard.PressAsync("j");
            await page.Keyboard.PressAsync("j");
            Assert.Equal(["kb-b"], await page.EvaluateExpressionAsync<string[]>("[...document.querySelectorAll('tr.guest-row.selected')].map(r => r.dataset.name)"));
            await page.Keyboard.PressAsync("k");
            await page.Keyboard.DownAsync("Shift");
            await page.Keyboard.PressAsync("ArrowDown");
            await page.Keyboard.PressAsync("ArrowDown");
            await page.Keyboard.UpAsync("Shift");
            Assert.Equal(["kb-a", "kb-b", "kb-c"], await page.EvaluateExpressionAsync<string[]>("[...document.querySelectorAll('tr.guest-row.selected')].map(r => r.dataset.name)"));
            await page.Keyboard.PressAsync("Escape");
            Assert.Equal(0, await page.EvaluateExpressionAsync<int>("document.querySelectorAll('tr.guest-row.selected').length"));

            // Ctrl+A selects every guest shown; Delete asks (and Cancel keeps them)
            await page.Keyboard.DownAsync("Control");
            await page.Keyboard.PressAsync("a");
            await page.Keyboard.UpAsync("Control");
            Assert.Equal("3 shown, 3 selected", await page.EvaluateExpressionAsync<string>("document.querySelector('#sel-count').textContent"));
            await page.Keyboard.PressAsync("Delete");
            await page.WaitForSelectorAsync("#delete-list");
            Assert.Equal(3, await page.EvaluateExpressionAsync<int>("document.querySelectorAll('#delete-list li').length"));
            // keys are off while a dialog is open: 'j' does not change the selection behind it
            await page.Keyboard.PressAsync("j");
            Assert.Equal("3 shown, 3 selected", await page.EvaluateExpressionAsync<string>("document.querySelector('#sel-count').textContent"));
            await page.ClickAsync("#dialog-cancel");
            Assert.Contains("kb-a", Virsh("list", "--all", "--name"));

            // '?' shows the help overlay
            await page.Keyboard.PressAsync("?");
            await WaitForAsync(page, "() => document.querySelector('#shortcut-help')?.open === true");
            Assert.Contains("Focus the filter box", await page.EvaluateExpressionAsync<string>("document.querySelector('#shortcut-help').textContent"));
            await WebFixture.ScreenshotAsync(page, "guest-list-shortcuts");
            await page.ClickAsync("#shortcut-help-close");

            // Enter opens the guest under the cursor (when no button has the focus: Enter presses a focused button)
            await page.EvaluateExpressionAsync("document.activeElement.blur()");
            await page.Keyboard.PressAsync("End");
            await page.Keyboard.PressAsync("Enter");
            await page.WaitForSelectorAsync("#ov-uuid");
            Assert.Equal(doms[2].UuidString, await page.EvaluateExpressionAsync<string>("document.querySelector('#ov-uuid').textContent"));
            await page.CloseAsync();
        }
        finally
        {
            await RemoveAsync(doms);
        }
    }

    [Fact]
    public async Task HundredsOfGuestsDrawOnlyTheRowsInView()
    {
        await using var conn = await Connection.OpenAsync(fx.TestUri);
        var doms = await DefineAsync(conn, Enumerable.Range(0, 300).Select(i => $"vl-{i:D3}"), start: false);
        try
        {
            var page = await fx.LoggedInPageAsync();
            await page.TypeAsync("#filter", "vl-");
            await WaitForAsync(page, "() => document.querySelector('#guests').dataset.total === '300'");
            int drawn = await page.EvaluateExpressionAsync<int>("document.querySelectorAll('tr.guest-row').length");
            Assert.InRange(drawn, 10, 80);
            await WebFixture.ScreenshotAsync(page, "guest-list-300");

            // the scroll height stands for all 300 rows; scrolled to the end, the last guest is drawn
            await page.EvaluateExpressionAsync("const s = document.querySelector('#guest-scroll'); s.scrollTop = s.scrollHeight");
            await WaitForAsync(page, $"() => !!document.querySelector(\"{Row("vl-299")}\")");
            Assert.Null(await page.QuerySelectorAsync(Row("vl-000")));
            // the keyboard reaches a guest out of view: Home scrolls back and selects the first (keys are off in the filter box)
            await page.EvaluateExpressionAsync("document.activeElement.blur()");
            await page.Keyboard.PressAsync("Home");
            await WaitForAsync(page, $"() => document.querySelector(\"{Row("vl-000")}\")?.classList.contains('selected') === true");
            // Ctrl+A selects all 300, drawn or not
            await page.Keyboard.DownAsync("Control");
            await page.Keyboard.PressAsync("a");
            await page.Keyboard.UpAsync("Control");
            Assert.Equal("300 shown, 300 selected", await page.EvaluateExpressionAsync<string>("document.querySelector('#sel-count').textContent"));
            await page.CloseAsync();
        }
        finally
        {
            await RemoveAsync(doms);
        }
    }
}
