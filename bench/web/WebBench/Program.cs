using System.Diagnostics;
using PuppeteerSharp;
using Vireo.Client.Api;
using Vireo.Daemon;
using Vireo.Daemon.Config;
using Vireo.Web.Users;

// WebBench VIREO_WEB_DLL N1 N2 ...: for each N, a fresh test-driver vireod (in this process) with N running guests,
// vireo-web as its own process, and headless Chromium on its main window. Prints per N: time to first render (page
// navigation until the list holds every guest and the rows in view are drawn — the list is virtualized), event to
// pixel (a state change made through Vireo.Client until the row, scrolled into view beforehand, shows it), and
// vireo-web's VmRSS; then the ratio of the largest N to the smallest.
if (args.Length < 2)
{
    Console.Error.WriteLine("usage: WebBench VIREO_WEB_DLL N...");
    return 2;
}
string webDll = args[0];
var counts = args[1..].Select(int.Parse).ToList();
const string User = "bench", Password = "bench password";
const int Rounds = 5;

await using var browser = await Puppeteer.LaunchAsync(new LaunchOptions
{
    ExecutablePath = "/usr/bin/chromium",
    Headless = true,
    Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,900"],
    DefaultViewport = new ViewPortOptions { Width = 1280, Height = 900 },
});
var results = new List<(int N, double FirstMs, double EventMs, long RssKiB)>();
foreach (int n in counts)
    results.Add(await MeasureAsync(n));

Console.WriteLine();
Console.WriteLine($"{"guests",7} {"first render (ms)",18} {"event to pixel (ms)",20} {"vireo-web VmRSS (MiB)",22}");
foreach (var r in results)
    Console.WriteLine($"{r.N,7} {r.FirstMs,18:F0} {r.EventMs,20:F0} {r.RssKiB / 1024.0,22:F1}");
if (results.Count >= 2)
{
    var (lo, hi) = (results[0], results[^1]);
    Console.WriteLine($"ratio {hi.N}/{lo.N}: first render x{hi.FirstMs / lo.FirstMs:F2}, event to pixel x{hi.EventMs / lo.EventMs:F2}, memory x{(double)hi.RssKiB / lo.RssKiB:F2} (guests x{(double)hi.N / lo.N:F0})");
}
return 0;

async Task<(int, double, double, long)> MeasureAsync(int n)
{
    string root = Directory.CreateTempSubdirectory("vireo-web-bench-").FullName;
    var paths = DaemonPaths.ForRoot(root);
    paths.CreateDirectories();
    var config = new DaemonConfig();
    config.Drivers.Remove("qemu"); // the test driver only: nothing touches the host
    var daemon = DaemonApp.Create(config, paths);
    daemon.Server.ListenUnix(paths.RwSocket, readOnly: false, config.UnixSockRwPerms);
    string uri = "test+unix:///default?socket=" + paths.RwSocket;
    Process? web = null;
    try
    {
        await using var conn = await Connection.OpenAsync(uri);
        var doms = new List<Domain>();
        for (int i = 0; i < n; i++)
        {
            var d = await conn.DefineDomainXmlAsync($"<domain type='test'><name>g{i:D4}</name><memory>65536</memory><vcpu>1</vcpu><os><type>hvm</type></os></domain>");
            await d.StartAsync();
            doms.Add(d);
        }
        string users = Path.Combine(root, "web-users");
        new UsersFile(users).SetPassword(User, Password);
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { webDll, "--listen", "127.0.0.1:0", "--users", users, "--connect", uri }) psi.ArgumentList.Add(a);
        psi.Environment["XDG_CONFIG_HOME"] = root; // preferences and saved connections stay in the temporary root
        psi.Environment["HOME"] = root;
        web = Process.Start(psi)!;
        _ = web.StandardError.ReadToEndAsync();
        string? line;
        string url = "";
        while ((line = await web.StandardOutput.ReadLineAsync()) is not null)
            if (line.StartsWith("vireo-web: listening on ", StringComparison.Ordinal)) { url = line["vireo-web: listening on ".Length..]; break; }
        if (url.Length == 0) throw new InvalidOperationException("vireo-web did not start");

        var context = await browser.CreateBrowserContextAsync();
        var page = await context.NewPageAsync();
        page.DefaultTimeout = 120_000;
        await page.GoToAsync(url);
        await page.WaitForSelectorAsync("#login-user");
        await page.TypeAsync("#login-user", User);
        await page.TypeAsync("#login-password", Password);
        await page.ClickAsync("#login-submit");
        // the list is virtualized: drawn means it knows every guest (+ the driver's own 'test') and the rows in view are painted
        string allRows = $"() => Number(document.querySelector('#guests')?.dataset.total) >= {n + 1} && document.querySelectorAll('tr.guest-row').length > 0";
        await page.WaitForFunctionAsync(allRows, new WaitForFunctionOptions { Timeout = 120_000, PollingInterval = 20 });

        var first = new List<double>();
        for (int r = 0; r < Rounds; r++)
        {
            await page.ReloadAsync();
            await page.WaitForFunctionAsync(allRows, new WaitForFunctionOptions { Timeout = 120_000, Polling = WaitForFunctionPollingOption.Raf });
            first.Add(await page.EvaluateExpressionAsync<double>("performance.now()"));
        }

        var events = new List<double>();
        for (int r = 0; r < Rounds * 2; r++)
        {
            var d = doms[(r / 2 * 97) % n];
            bool pause = r % 2 == 0;
            string want = pause ? "Paused" : "Running";
            // scroll its row into view first (only rows in view are drawn): rows are sorted by name, after the connection row
            int index = doms.IndexOf(d) + 1;
            await page.EvaluateExpressionAsync($"(() => {{ const s = document.querySelector('#guest-scroll'); const r = document.querySelector('tr.guest-row'); s.scrollTop = Math.max(0, ({index} - 3) * r.getBoundingClientRect().height); }})()");
            await page.WaitForFunctionAsync($"() => !!document.querySelector(\"tr.guest-row[data-name='{d.Name}']\")",
                new WaitForFunctionOptions { Timeout = 120_000, PollingInterval = 20 });
            var sw = Stopwatch.StartNew();
            if (pause) await d.SuspendAsync(); else await d.ResumeAsync();
            await page.WaitForFunctionAsync($"() => document.querySelector(\"tr.guest-row[data-name='{d.Name}'] .col-status\")?.textContent === '{want}'",
                new WaitForFunctionOptions { Timeout = 120_000, Polling = WaitForFunctionPollingOption.Mutation });
            await page.EvaluateExpressionAsync("new Promise(r => requestAnimationFrame(() => r(0)))"); // painted
            events.Add(sw.Elapsed.TotalMilliseconds);
        }
        long rss = File.ReadLines($"/proc/{web.Id}/status").Where(l => l.StartsWith("VmRSS:", StringComparison.Ordinal))
            .Select(l => long.Parse(l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1])).First();
        await context.CloseAsync();
        Console.WriteLine($"{n} guests: first render {Median(first):F0} ms (runs {string.Join(", ", first.Select(x => x.ToString("F0")))}), " +
                          $"event to pixel {Median(events):F0} ms (runs {string.Join(", ", events.Select(x => x.ToString("F0")))}), VmRSS {rss / 1024.0:F1} MiB");
        return (n, Median(first), Median(events), rss);
    }
    finally
    {
        if (web is { HasExited: false }) { web.Kill(); await web.WaitForExitAsync(); }
        daemon.Server.Stop();
        try { Directory.Delete(root, recursive: true); } catch (IOException) { }
    }
}

static double Median(List<double> xs)
{
    var s = xs.Order().ToList();
    return s.Count % 2 == 1 ? s[s.Count / 2] : (s[s.Count / 2 - 1] + s[s.Count / 2]) / 2;
}
