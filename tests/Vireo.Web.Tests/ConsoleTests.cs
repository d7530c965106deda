using PuppeteerSharp;

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
}
