using System.Diagnostics;
using PuppeteerSharp;
using Vireo.Client.Api;
using Vireo.Daemon;
using Vireo.Daemon.Config;
using Vireo.Web.Users;

namespace Vireo.Web.Tests;

/// <summary>
/// One running TCG test guest (kernel + busybox initramfs from tests/guest/build.sh; it prints "VIREO-COUNTER n" on
/// ttyS0 every second; a shell on tty1 reads the VGA console's keyboard, see Tty1ShellInitrd) with a pty serial console and a VNC display, on an in-process vireod with the QEMU driver,
/// plus vireo-web connected to it and a headless Chromium. SkipReason is set where QEMU is not installed.
/// </summary>
public sealed class QemuGuestFixture : IAsyncLifetime
{
    public const string Domain = "vireo-web-console";
    public string Root { get; } = Directory.CreateTempSubdirectory("vireo-web-qemu-").FullName;
    public string? SkipReason { get; private set; }
    public DaemonApp Daemon { get; private set; } = null!;
    public WebServer Web { get; private set; } = null!;
    public IBrowser Browser { get; private set; } = null!;
    public string Uuid { get; private set; } = "";
    public string QemuUri => "qemu+unix:///system?socket=" + Path.Combine(Root, "run", "vireo-sock");

    public async Task InitializeAsync()
    {
        if (!File.Exists("/usr/bin/qemu-system-x86_64"))
        {
            SkipReason = "qemu-system-x86_64 is not installed";
            return;
        }
        var paths = DaemonPaths.ForRoot(Root);
        paths.CreateDirectories();
        var config = new DaemonConfig();
        Daemon = DaemonApp.Create(config, paths);
        Daemon.Server.ListenUnix(paths.RwSocket, readOnly: false, config.UnixSockRwPerms);

        var (kernel, guestInitrd) = BuildGuest();
        var initrd = Path.Combine(Root, "initrd-tty1.img");
        Tty1ShellInitrd.Write(guestInitrd, initrd);
        await using (var conn = await Connection.OpenAsync(QemuUri))
        {
            var dom = await conn.DefineDomainXmlAsync($"""
                <domain type='qemu'>
                  <name>{Domain}</name>
                  <memory unit='MiB'>160</memory>
                  <vcpu>1</vcpu>
                  <os>
                    <type arch='x86_64' machine='pc'>hvm</type>
                    <kernel>{kernel}</kernel>
                    <initrd>{initrd}</initrd>
                    <cmdline>console=ttyS0 rdinit={Tty1ShellInitrd.Rdinit}</cmdline>
                  </os>
                  <devices>
                    <serial type='pty'><target port='0'/></serial>
                    <console type='pty'><target type='serial' port='0'/></console>
                    <graphics type='vnc' autoport='yes' listen='127.0.0.1'/>
                    <video><model type='vga'/></video>
                  </devices>
                </domain>
                """);
            await dom.StartAsync();
            Uuid = dom.UuidString;
        }

        var users = Path.Combine(Root, "etc", "web-users");
        new UsersFile(users).SetPassword(WebFixture.User, WebFixture.Password);
        Web = WebServer.Create(WebOptions.Parse(["--listen", "127.0.0.1:0", "--users", users, "--connect", QemuUri]));
        await Web.StartAsync();
        Browser = await Puppeteer.LaunchAsync(new LaunchOptions
        {
            ExecutablePath = WebFixture.ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
            DefaultViewport = new ViewPortOptions { Width = 1280, Height = 900 },
        });
    }

    /// <summary>A logged-in page on the guest's Console tab.</summary>
    public async Task<IPage> ConsolePageAsync()
    {
        var context = await Browser.CreateBrowserContextAsync();
        var page = await context.NewPageAsync();
        page.DefaultTimeout = 120_000;
        await page.GoToAsync(Web.Url);
        await page.WaitForSelectorAsync("#login-user");
        await page.TypeAsync("#login-user", WebFixture.User);
        await page.TypeAsync("#login-password", WebFixture.Password);
        await page.ClickAsync("#login-submit");
        await page.WaitForSelectorAsync($"tr.guest-row[data-name='{Domain}']");
        var cid = Web.Connections.All.Single().Id;
        await page.GoToAsync($"{Web.Url}/#/d/{cid}/{Uuid}/console");
        await page.WaitForSelectorAsync("#console-area");
        return page;
    }

    internal static (string Kernel, string Initrd) BuildGuest()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "tests", "guest", "build.sh"))) dir = dir.Parent;
        var psi = new ProcessStartInfo("/bin/bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add(Path.Combine(dir!.FullName, "tests", "guest", "build.sh"));
        using var p = Process.Start(psi)!;
        var stderr = p.StandardError.ReadToEndAsync();
        var stdout = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0) throw new InvalidOperationException("tests/guest/build.sh failed: " + stderr.Result);
        var outDir = stdout.Trim().Split('\n').Last().Trim();
        return (Path.Combine(outDir, "vmlinuz"), Path.Combine(outDir, "initrd.img"));
    }

    public async Task DisposeAsync()
    {
        if (SkipReason is not null) return;
        if (Browser is not null) await Browser.CloseAsync();
        if (Web is not null) await Web.DisposeAsync();
        try
        {
            await using var conn = await Connection.OpenAsync(QemuUri);
            var dom = await conn.LookupDomainByNameAsync(Domain);
            await dom.DestroyAsync();
            await dom.UndefineAsync();
        }
        catch (Exception e)
        {
            Console.WriteLine("cleanup: " + e.Message);
        }
        Daemon?.Server.Stop();
        try { Directory.Delete(Root, recursive: true); } catch (IOException) { }
    }
}
