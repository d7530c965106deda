using System.Diagnostics;
using PuppeteerSharp;
using Vireo.Web.Users;

namespace Vireo.Web.Tests;

/// <summary>
/// Login through PAM (--auth pam): vireo-web runs in a private mount namespace (unshare -m) where /etc/passwd,
/// /etc/shadow, /etc/group and /etc/pam.d are bind-mounted copies holding a test user and a "vireo-web" service on
/// pam_unix, so the host's accounts are never read or changed. The right password gets a session; a wrong one, or a
/// user of the web users file, gets none.
/// </summary>
[Trait("Category", "Integration")]
public sealed class PamLoginTests(WebFixture fx) : IClassFixture<WebFixture>
{
    private const string User = "vireotest", Password = "pam secret 42";
    // openssl passwd -6 -salt vireoSalt 'pam secret 42'
    private const string Hash = "$6$vireoSalt$cOBmV.c/wQI8lLZ9Pdkmid5cQ6GSHrBcL8mbANDiD2dKLDge7se6R4QniUZEzdnUdzifDHLjEFLimYBiLypcL.";

    [Fact]
    public void AuthOptionAcceptsFileOrPamOnly()
    {
        Assert.Equal("pam", WebOptions.Parse(["--auth", "pam"]).Auth);
        Assert.Equal("file", WebOptions.Parse([]).Auth);
        var e = Assert.Throws<ArgumentException>(() => WebOptions.Parse(["--auth", "ldap"]));
        Assert.Contains("expected 'file' or 'pam'", e.Message);
    }

    [Fact]
    public async Task PamUserLogsInAndAWrongPasswordGetsNoSession()
    {
        string? missing = Environment.UserName != "root" ? "not root: cannot bind-mount in a mount namespace"
            : !File.Exists("/usr/bin/unshare") ? "unshare (util-linux) is missing"
            : !PamAuthenticator.Available() ? "libpam.so.0 is missing"
            : !File.Exists("/usr/lib/x86_64-linux-gnu/security/pam_unix.so") ? "pam_unix.so is missing"
            : null;
        if (missing is not null) { Console.WriteLine("skipped: " + missing); return; }

        var dir = Directory.CreateTempSubdirectory("vireo-web-pam-").FullName;
        Process? web = null;
        try
        {
            File.WriteAllText(Path.Combine(dir, "passwd"), $"root:x:0:0:root:/root:/bin/sh\n{User}:x:4242:4242:Vireo PAM test:/nonexistent:/usr/sbin/nologin\n");
            File.WriteAllText(Path.Combine(dir, "group"), $"root:x:0:\n{User}:x:4242:\n");
            File.WriteAllText(Path.Combine(dir, "shadow"), $"root:*:19000:0:99999:7:::\n{User}:{Hash}:19000:0:99999:7:::\n");
            File.SetUnixFileMode(Path.Combine(dir, "shadow"), UnixFileMode.UserRead | UnixFileMode.UserWrite);
            Directory.CreateDirectory(Path.Combine(dir, "pam.d"));
            File.WriteAllText(Path.Combine(dir, "pam.d", "vireo-web"), "auth required pam_unix.so nodelay\naccount required pam_unix.so\n");
            File.WriteAllText(Path.Combine(dir, "pam.d", "other"), "auth required pam_deny.so\naccount required pam_deny.so\n");

            web = StartInNamespace(dir, ["dotnet", Path.Combine(AppContext.BaseDirectory, "vireo-web.dll"),
                "--listen", "127.0.0.1:0", "--auth", "pam", "--users", Path.Combine(dir, "web-users"), "--connect", fx.TestUri]);
            string url = await ReadUrlAsync(web);

            var page = await fx.NewPageAsync();
            await page.GoToAsync(url);
            await page.WaitForSelectorAsync("#login-user");
            await LogInAsync(page, User, "not the password");
            await page.WaitForFunctionAsync("() => document.querySelector('#login-error').textContent.includes('wrong user name or password')");
            Assert.Equal(401, await page.EvaluateExpressionAsync<int>("fetch('/api/me').then(r => r.status)"));
            // a user of the web users file is no PAM user
            await LogInAsync(page, WebFixture.User, WebFixture.Password);
            await page.WaitForFunctionAsync("() => document.querySelector('#login-error').textContent.includes('wrong user name or password')");
            await WebFixture.ScreenshotAsync(page, "login-pam-refused");
            Assert.Equal(401, await page.EvaluateExpressionAsync<int>("fetch('/api/me').then(r => r.status)"));

            await LogInAsync(page, User, Password);
            await page.WaitForFunctionAsync($"() => document.querySelector('#whoami').textContent === '{User}'");
            await page.WaitForSelectorAsync("#guests");
            Assert.Equal(200, await page.EvaluateExpressionAsync<int>("fetch('/api/me').then(r => r.status)"));
            await WebFixture.ScreenshotAsync(page, "login-pam");
            await page.CloseAsync();
            Assert.DoesNotContain(User + ":", File.ReadAllText("/etc/passwd")); // the host's accounts stayed as they were
        }
        finally
        {
            if (web is not null && !web.HasExited) { web.Kill(entireProcessTree: true); web.WaitForExit(10_000); }
            web?.Dispose();
            Directory.Delete(dir, recursive: true);
        }
    }

    private static async Task LogInAsync(IPage page, string user, string password)
    {
        await page.EvaluateExpressionAsync("document.querySelector('#login-user').value = ''; document.querySelector('#login-password').value = ''; document.querySelector('#login-error').textContent = ''");
        await page.TypeAsync("#login-user", user);
        await page.TypeAsync("#login-password", password);
        await page.ClickAsync("#login-submit");
    }

    /// <summary>argv in a private mount namespace with DIR's passwd, shadow, group and pam.d over /etc's.</summary>
    private static Process StartInNamespace(string dir, string[] argv)
    {
        var psi = new ProcessStartInfo("unshare") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "-m", "--propagation", "private", "sh", "-c",
                     "for f in passwd shadow group pam.d; do mount --bind \"$0/$f\" \"/etc/$f\" || exit 1; done; exec \"$@\"", dir })
            psi.ArgumentList.Add(a);
        foreach (var a in argv) psi.ArgumentList.Add(a);
        return Process.Start(psi)!;
    }

    /// <summary>The URL vireo-web prints once it listens ("vireo-web: listening on URL").</summary>
    private static async Task<string> ReadUrlAsync(Process web)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var stderr = web.StandardError.ReadToEndAsync(deadline.Token);
        try
        {
            while (await web.StandardOutput.ReadLineAsync(deadline.Token) is { } line)
                if (line.StartsWith("vireo-web: listening on ", StringComparison.Ordinal))
                {
                    _ = web.StandardOutput.ReadToEndAsync(); // keep draining
                    return line["vireo-web: listening on ".Length..].Trim();
                }
        }
        catch (OperationCanceledException) { }
        throw new InvalidOperationException("vireo-web in the namespace did not start: " + (stderr.IsCompleted ? await stderr : "(still running)"));
    }
}
