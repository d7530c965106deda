using System.Text;
using PuppeteerSharp;
using Vireo.Client.Api;

namespace Vireo.Web.Tests;

/// <summary>The consoles in Chromium against a real TCG guest: xterm.js over the RPC console stream, noVNC over the VNC bridge.</summary>
[Trait("Category", "Integration")]
public sealed class ConsoleTests(QemuGuestFixture fx) : IClassFixture<QemuGuestFixture>
{
    private static readonly WaitForFunctionOptions Deadline = new() { Timeout = 120_000, PollingInterval = 250 };

    [Fact]
    public async Task SerialConsoleShowsTheGuestsOutput()
    {
        if (fx.SkipReason is not null) { Console.WriteLine("skipped: " + fx.SkipReason); return; }
        var page = await fx.ConsolePageAsync();
        await page.WaitForSelectorAsync("#btn-serial");
        await page.ClickAsync("#btn-serial");
        // the guest prints VIREO-COUNTER n every second on ttyS0: poll the terminal's buffer until a line shows
        await page.WaitForFunctionAsync("""
            () => { const b = window.vireoTerminal?.buffer.active; if (!b) return false;
                    for (let i = 0; i < b.length; i++) if (b.getLine(i)?.translateToString(true).includes('VIREO-COUNTER')) return true;
                    return false; }
            """, Deadline);
        await WebFixture.ScreenshotAsync(page, "console-serial");
        await page.CloseAsync();
    }

    [Fact]
    public async Task GraphicalConsoleShowsANonBlankFramebuffer()
    {
        if (fx.SkipReason is not null) { Console.WriteLine("skipped: " + fx.SkipReason); return; }
        var page = await fx.ConsolePageAsync();
        await page.WaitForFunctionAsync("() => document.querySelector('#console-status')?.textContent === 'Graphical console connected.'", Deadline);
        // pixel check: poll until the canvas noVNC draws into has two different colours (the VGA text screen)
        await page.WaitForFunctionAsync("""
            () => { const c = document.querySelector('#vnc-screen canvas'); if (!c || !c.width || !c.height) return false;
                    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
                    for (let i = 4; i < d.length; i += 4) if (d[i] !== d[0] || d[i + 1] !== d[1] || d[i + 2] !== d[2]) return true;
                    return false; }
            """, Deadline);
        await WebFixture.ScreenshotAsync(page, "console-graphical");
        await page.CloseAsync();
    }

    [Fact]
    public async Task PasteTypesTheTextIntoTheGuestAsKeyPresses()
    {
        if (fx.SkipReason is not null) { Console.WriteLine("skipped: " + fx.SkipReason); return; }
        // the guest's serial output, read over the console stream: the tty1 shell writes its answers there
        await using var conn = await Connection.OpenAsync(fx.QemuUri);
        var dom = await conn.LookupDomainByNameAsync(QemuGuestFixture.Domain);
        var serial = new SerialLog(await dom.OpenConsoleAsync(null, DomainConsoleFlags.Force));
        await serial.WaitForAsync("VIREO-COUNTER"); // /init is in its loop: the tty1 shell started before it

        var page = await fx.ConsolePageAsync();
        await page.WaitForFunctionAsync("() => document.querySelector('#console-status')?.textContent === 'Graphical console connected.'", Deadline);
        // upper case, $ ( ) * > need Shift: the shell computes 6*7, so the line arrived intact and ran
        await page.TypeAsync("#vnc-paste", "echo VIREO-PASTE-$((6*7)) >/dev/ttyS0\n");
        await page.ClickAsync("#vnc-paste-btn");
        await serial.WaitForAsync("VIREO-PASTE-42");

        // Ctrl+Shift+V in the console reads the browser's clipboard (filled by a copy, as a person would)
        await page.BrowserContext.OverridePermissionsAsync(fx.Web.Url, [OverridePermission.ClipboardReadWrite]);
        const string clip = "echo VIREO-CLIP-$((7*7)) >/dev/ttyS0\n";
        bool copied = await page.EvaluateFunctionAsync<bool>("""
            async (text) => { const t = document.createElement('textarea'); t.value = text; document.body.append(t); t.select();
                              document.execCommand('copy'); t.remove();
                              try { return (await navigator.clipboard.readText()) === text; } catch { return false; } }
            """, clip);
        if (!copied)
        {
            // this Chromium gives the page no clipboard: the shortcut then types the paste field's text
            Console.WriteLine("headless Chromium has no clipboard here: Ctrl+Shift+V is checked with the paste field's text");
            await page.EvaluateFunctionAsync("(text) => { document.querySelector('#vnc-paste').value = text; }", clip);
        }
        await page.FocusAsync("#vnc-screen canvas");
        await page.Keyboard.DownAsync("Control");
        await page.Keyboard.DownAsync("Shift");
        await page.Keyboard.PressAsync("KeyV");
        await page.Keyboard.UpAsync("Shift");
        await page.Keyboard.UpAsync("Control");
        await serial.WaitForAsync("VIREO-CLIP-49");
        await WebFixture.ScreenshotAsync(page, "console-paste");
        serial.Dispose();
        await page.CloseAsync();
    }

    [Fact]
    public async Task GuestTabsKeepTheirConsolesAndSurviveAReload()
    {
        if (fx.SkipReason is not null) { Console.WriteLine("skipped: " + fx.SkipReason); return; }
        const string second = "vireo-web-tab2";
        await using (var conn = await Connection.OpenAsync(fx.QemuUri))
            await conn.DefineDomainXmlAsync($"""
                <domain type='qemu'><name>{second}</name><memory unit='MiB'>64</memory><vcpu>1</vcpu>
                  <os><type arch='x86_64' machine='pc'>hvm</type></os></domain>
                """);
        try
        {
            var page = await fx.ConsolePageAsync(); // tab 1: the running guest's graphical console
            await page.WaitForFunctionAsync("() => document.querySelector('#console-status')?.textContent === 'Graphical console connected.'", Deadline);
            await page.EvaluateExpressionAsync("window.firstRfb = window.vireoRfb");

            // tab 2: double-click the other guest in the list
            await page.ClickAsync("#gtab-main");
            await page.WaitForSelectorAsync($"tr.guest-row[data-name='{second}']");
            await page.ClickAsync($"tr.guest-row[data-name='{second}']", new PuppeteerSharp.Input.ClickOptions { Count = 2 });
            await page.WaitForSelectorAsync($".guest-tab.active[data-name='{second}']");
            await page.WaitForFunctionAsync($"() => document.querySelector('#details-name')?.textContent === '{second}'", Deadline);
            Assert.Equal(2, await page.EvaluateExpressionAsync<int>("document.querySelectorAll('.guest-tab[data-key]').length"));
            Assert.Equal("connected", await page.EvaluateExpressionAsync<string>("window.firstRfb._rfbConnectionState"));

            // back to tab 1: the same connection, still drawing (no reconnect)
            await page.ClickAsync($".guest-tab[data-name='{QemuGuestFixture.Domain}'] a");
            await page.WaitForSelectorAsync($".guest-tab.active[data-name='{QemuGuestFixture.Domain}']");
            await page.WaitForFunctionAsync("() => document.querySelector('#vnc-screen canvas') !== null", Deadline);
            Assert.True(await page.EvaluateExpressionAsync<bool>("window.vireoRfb === window.firstRfb"));
            Assert.Equal("Graphical console connected.", await page.EvaluateExpressionAsync<string>("document.querySelector('#console-status').textContent"));
            await WebFixture.ScreenshotAsync(page, "guest-tabs");

            // consoles ride the one connection per host: the daemon sees vireo-web as a single client
            await PollUntilAsync(() => fx.Daemon.Server.ClientCount == 1, "the daemon has one client (vireo-web's)");

            // a reload restores both tabs and reconnects the shown console
            await page.ReloadAsync();
            await page.WaitForFunctionAsync("() => document.querySelectorAll('.guest-tab[data-key]').length === 2", Deadline);
            await page.WaitForFunctionAsync("() => document.querySelector('#console-status')?.textContent === 'Graphical console connected.'", Deadline);
            Assert.NotNull(await page.QuerySelectorAsync($".guest-tab[data-name='{second}']"));

            // closing tab 1 closes its console
            await page.EvaluateExpressionAsync("window.firstRfb = window.vireoRfb");
            await page.ClickAsync($".guest-tab[data-name='{QemuGuestFixture.Domain}'] .guest-tab-close");
            await page.WaitForFunctionAsync("() => window.firstRfb._rfbConnectionState === 'disconnected'", Deadline);
            await page.WaitForSelectorAsync("#gtab-main.active");
            await page.ReloadAsync();
            await page.WaitForSelectorAsync($".guest-tab[data-name='{second}']");
            Assert.Equal(1, await page.EvaluateExpressionAsync<int>("document.querySelectorAll('.guest-tab[data-key]').length"));
            await page.CloseAsync();
        }
        finally
        {
            await using var conn = await Connection.OpenAsync(fx.QemuUri);
            await (await conn.LookupDomainByNameAsync(second)).UndefineAsync();
        }
    }

    private static async Task PollUntilAsync(Func<bool> condition, string what)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!condition())
        {
            if (deadline.IsCancellationRequested) throw new TimeoutException("timed out waiting until " + what);
            await Task.Delay(100); // poll until the deadline
        }
    }

    /// <summary>Collects a console stream's text in the background; WaitForAsync polls it with a deadline.</summary>
    private sealed class SerialLog : IDisposable
    {
        private readonly StringBuilder _text = new();
        private readonly CancellationTokenSource _stop = new();
        private readonly VirStream _stream;

        public SerialLog(VirStream stream)
        {
            _stream = stream;
            _ = Task.Run(async () =>
            {
                var buf = new byte[4096];
                try
                {
                    int n;
                    while ((n = await stream.ReceiveAsync(buf, _stop.Token)) > 0)
                        lock (_text) _text.Append(Encoding.UTF8.GetString(buf, 0, n));
                }
                catch (Exception) { }
            });
        }

        public async Task WaitForAsync(string marker)
        {
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(120));
            while (true)
            {
                lock (_text) if (_text.ToString().Contains(marker)) return;
                if (deadline.IsCancellationRequested)
                    lock (_text) throw new TimeoutException($"no '{marker}' on the guest's serial console; it printed:\n{_text}");
                await Task.Delay(200); // poll until the deadline
            }
        }

        public void Dispose()
        {
            _stop.Cancel();
            try { _stream.AbortAsync().Wait(5000); } catch (Exception) { }
        }
    }
}
