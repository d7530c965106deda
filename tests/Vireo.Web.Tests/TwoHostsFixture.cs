using PuppeteerSharp;
using Vireo.Daemon;
using Vireo.Daemon.Config;
using Vireo.Web.Users;

namespace Vireo.Web.Tests;

/// <summary>
/// Two vireods with the QEMU driver (in process, private roots: "host A" and "host B"), one vireo-web connected to both
/// and one headless Chromium: enough for an offline migration, which moves a definition and starts no QEMU.
/// SkipReason is set where QEMU is not installed (the QEMU driver needs its binary for the capabilities).
/// </summary>
public sealed class TwoHostsFixture : IAsyncLifetime
{
    public string Root { get; } = Directory.CreateTempSubdirectory("vireo-web-2h-").FullName;
    public string? SkipReason { get; private set; }
    public List<DaemonApp> Daemons { get; } = [];
    public WebServer Web { get; private set; } = null!;
    public IBrowser Browser { get; private set; } = null!;

    public string Uri(char host) => "qemu+unix:///system?socket=" + Path.Combine(Root, host.ToString(), "run", "vireo-sock");

    public async Task InitializeAsync()
    {
        if (!File.Exists("/usr/bin/qemu-system-x86_64"))
        {
            SkipReason = "qemu-system-x86_64 is not installed";
            return;
        }
        foreach (var h in "AB")
        {
            var paths = DaemonPaths.ForRoot(Path.Combine(Root, h.ToString()));
            paths.CreateDirectories();
            var config = new DaemonConfig();
            config.Drivers.Remove("test");
            var daemon = DaemonApp.Create(config, paths);
            daemon.Server.ListenUnix(paths.RwSocket, readOnly: false, config.UnixSockRwPerms);
            Daemons.Add(daemon);
        }
        var users = Path.Combine(Root, "web-users");
        new UsersFile(users).SetPassword(WebFixture.User, WebFixture.Password);
        Web = WebServer.Create(WebOptions.Parse(["--listen", "127.0.0.1:0", "--users", users, "--connect", Uri('A'), "--connect", Uri('B')]));
        await Web.StartAsync();
        Browser = await Puppeteer.LaunchAsync(new LaunchOptions
        {
            ExecutablePath = WebFixture.ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
            DefaultViewport = new ViewPortOptions { Width = 1280, Height = 900 },
        });
    }

    public async Task<IPage> LoggedInPageAsync()
    {
        var context = await Browser.CreateBrowserContextAsync();
        var page = await context.NewPageAsync();
        page.DefaultTimeout = 30_000;
        await page.GoToAsync(Web.Url);
        await page.WaitForSelectorAsync("#login-user");
        await page.TypeAsync("#login-user", WebFixture.User);
        await page.TypeAsync("#login-password", WebFixture.Password);
        await page.ClickAsync("#login-submit");
        await page.WaitForSelectorAsync("#guests");
        return page;
    }

    public async Task DisposeAsync()
    {
        if (SkipReason is not null) return;
        if (Browser is not null) await Browser.CloseAsync();
        if (Web is not null) await Web.DisposeAsync();
        foreach (var d in Daemons) d.Server.Stop();
        try { Directory.Delete(Root, recursive: true); } catch (IOException) { }
    }
}
