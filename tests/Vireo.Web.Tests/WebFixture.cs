using PuppeteerSharp;
using Vireo.Daemon;
using Vireo.Daemon.Config;
using Vireo.Web.Users;

namespace Vireo.Web.Tests;

/// <summary>
/// One vireod (in process, test driver, private root), one vireo-web on a free loopback port connected to it, and one
/// headless Debian Chromium, shared by the tests of a class. Pages log in through the login form.
/// </summary>
public sealed class WebFixture : IAsyncLifetime
{
    public const string User = "admin", Password = "correct horse battery";
    public const string ChromiumPath = "/usr/bin/chromium";

    public string Root { get; } = Directory.CreateTempSubdirectory("vireo-web-test-").FullName;
    public DaemonApp Daemon { get; private set; } = null!;
    public WebServer Web { get; private set; } = null!;
    public IBrowser Browser { get; private set; } = null!;
    public string Url => Web.Url;
    public string Socket => Path.Combine(Root, "run", "vireo-sock");
    public string TestUri => "test+unix:///default?socket=" + Socket;

    public async Task InitializeAsync()
    {
        var paths = DaemonPaths.ForRoot(Root);
        paths.CreateDirectories();
        var config = new DaemonConfig();
        config.Drivers.Remove("qemu");
        Daemon = DaemonApp.Create(config, paths);
        Daemon.Server.ListenUnix(paths.RwSocket, readOnly: false, config.UnixSockRwPerms);
        Daemon.Server.ListenUnix(paths.RoSocket, readOnly: true, config.UnixSockRoPerms);

        var users = Path.Combine(Root, "etc", "web-users");
        new UsersFile(users).SetPassword(User, Password);
        var options = WebOptions.Parse(["--listen", "127.0.0.1:0", "--users", users, "--connect", TestUri]);
        Web = WebServer.Create(options);
        await Web.StartAsync();

        if (!File.Exists(ChromiumPath))
            throw new InvalidOperationException($"{ChromiumPath} is missing: scripts/setup installs Debian's chromium");
        Browser = await Puppeteer.LaunchAsync(new LaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,900"],
            DefaultViewport = new ViewPortOptions { Width = 1280, Height = 900 },
        });
    }

    /// <summary>A new page, logged in through the form, showing the main window with the test driver's guests.</summary>
    public async Task<IPage> LoggedInPageAsync()
    {
        var page = await NewPageAsync();
        page.DefaultTimeout = 30_000;
        await page.GoToAsync(Url);
        await page.WaitForSelectorAsync("#login-user");
        await page.TypeAsync("#login-user", User);
        await page.TypeAsync("#login-password", Password);
        await page.ClickAsync("#login-submit");
        await page.WaitForSelectorAsync("#guests");
        return page;
    }

    /// <summary>A page in a browser context of its own (its own cookies: not logged in).</summary>
    public async Task<IPage> NewPageAsync()
    {
        var context = await Browser.CreateBrowserContextAsync();
        var page = await context.NewPageAsync();
        page.DefaultTimeout = 30_000;
        return page;
    }

    /// <summary>Saves a screenshot as out/screenshots/NAME.png for a person to look at.</summary>
    public static async Task ScreenshotAsync(IPage page, string name)
    {
        var dir = Path.Combine(RepoRoot(), "out", "screenshots");
        Directory.CreateDirectory(dir);
        await page.ScreenshotAsync(Path.Combine(dir, name + ".png"), new ScreenshotOptions { FullPage = true });
    }

    private static string RepoRoot()
    {
        var d = new DirectoryInfo(AppContext.BaseDirectory);
        while (d is not null && !File.Exists(Path.Combine(d.FullName, "Vireo.sln"))) d = d.Parent;
        return d?.FullName ?? Path.GetTempPath();
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.CloseAsync();
        if (Web is not null) await Web.DisposeAsync();
        Daemon?.Server.Stop();
        try { Directory.Delete(Root, recursive: true); } catch (IOException) { }
    }
}
