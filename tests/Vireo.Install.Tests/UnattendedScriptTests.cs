using System.Diagnostics;
using Vireo.Install.OsInfo;
using Vireo.Install.Unattended;

namespace Vireo.Install.Tests;

/// <summary>
/// --unattended's scripts rendered by our XSLT path equal what the real libosinfo (the library virt-install 4.1 uses,
/// through python3-gi) renders for the same OS, profile and config: Kickstart, preseed, AutoYaST and unattend.xml.
/// </summary>
public sealed class UnattendedScriptTests
{
    private const string Python = "/usr/bin/python3";

    private static readonly KeyValuePair<string, string>[] Config =
    {
        new("admin-password", "s3cret'root"),
        new("user-login", "alice"),
        new("user-realname", "Alice Example"),
        new("user-password", "pw&<alice>"),
        new("hostname", "guest-1"),
        new("target-disk", "/dev/vda"),
        new("hardware-arch", "x86_64"),
        new("l10n-language", "fr_FR"),
        new("l10n-keyboard", "fr_FR"),
        new("l10n-timezone", "Europe/Paris"),
        new("installation-url", "http://127.0.0.1:8000/tree"),
    };

    [Theory]
    [InlineData("fedora37", "jeos", "initrd", "network")]
    [InlineData("fedora37", "desktop", "initrd", "media")]
    [InlineData("debian11", "jeos", "initrd", "network")]
    [InlineData("debian11", "desktop", "cdrom", "media")]
    [InlineData("ubuntu20.04", "desktop", "initrd", "media")]
    [InlineData("rhel9.0", "jeos", "initrd", "network")]
    [InlineData("opensuse15.4", "jeos", "initrd", "network")]
    [InlineData("win10", "desktop", "cdrom", "media")]
    public void ScriptAndCommandLineEqualLibosinfos(string shortId, string profile, string method, string source)
    {
        var os = OsInfoDatabase.Default.Lookup(shortId)!;
        var lib = InstallScriptLibrary.Default;
        var scripts = lib.ForOs(os).Where(s => s.Profile == profile).ToList();
        Assert.NotEmpty(scripts);
        foreach (var script in scripts)
        {
            var settings = new ScriptSettings(method, source, Config);
            var ours = ScriptRenderer.Script(script, os, settings, lib) + "----CMDLINE----\n" + ScriptRenderer.CommandLine(script, os, settings, lib);
            var real = Libosinfo(shortId, profile, method, source, script.Id);
            if (method == "cdrom") // a script without a command-line template; virt-install does not use it then
                (ours, real) = (ours[..ours.IndexOf("----CMDLINE----", StringComparison.Ordinal)], real[..real.IndexOf("----CMDLINE----", StringComparison.Ordinal)]);
            Assert.Equal(real, ours);
        }
    }

    [Fact]
    public void DefaultProfileIsDesktopAndMissingPasswordsAreErrors()
    {
        var os = OsInfoDatabase.Default.Lookup("fedora37")!;
        var pw = Path.GetTempFileName();
        File.WriteAllText(pw, "hunter2\nsecond line\n");
        try
        {
            var err = new StringWriter();
            var r = UnattendedInstall.Prepare(UnattendedOptions.Parse("admin-password-file=" + pw + ",user-login=Bob"), os, "my guest", "x86_64",
                true, "initrd", null, err);
            Assert.Equal("desktop", r.Profile);
            Assert.Contains("WARNING  Using unattended profile 'desktop'", err.ToString());
            var (name, content) = Assert.Single(r.Files);
            Assert.Equal("fedora.ks", name);
            var ks = System.Text.Encoding.UTF8.GetString(content);
            Assert.Contains("echo 'hunter2' |passwd --stdin root", ks); // the first line of the file only
            Assert.Contains("--hostname=my-guest", ks);
            Assert.Contains("useradd -G wheel bob", ks); // login lower-cased, as virt-install does
            Assert.Equal("inst.ks=file:/fedora.ks inst.repo=", r.Cmdline); // a local tree: no URL, as virt-install says

            var missing = Assert.Throws<InstallException>(() => UnattendedInstall.Prepare(UnattendedOptions.Parse("profile=jeos"), os, "g", "x86_64",
                true, "initrd", null, TextWriter.Null));
            Assert.Equal("Fedora Linux 37 requires the admin-password to be set.", missing.Message);
            var profile = Assert.Throws<InstallException>(() => UnattendedInstall.Prepare(UnattendedOptions.Parse("profile=server"), os, "g", "x86_64",
                true, "initrd", null, TextWriter.Null));
            Assert.Equal("OS 'fedora37' does not support unattended installation for the 'server' profile. Available profiles: desktop, jeos", profile.Message);
            var none = Assert.Throws<InstallException>(() => UnattendedInstall.Prepare(UnattendedOptions.Parse("1"), OsInfoDatabase.Default.Lookup("linux2020")!,
                "g", "x86_64", true, "initrd", null, TextWriter.Null));
            Assert.Contains("does not support unattended installation", none.Message);
        }
        finally
        {
            File.Delete(pw);
        }
    }

    private static string Libosinfo(string shortId, string profile, string method, string source, string scriptId)
    {
        if (!File.Exists(Python))
            throw new InvalidOperationException(Python + " missing (virtinst's dependencies install it)");
        var psi = new ProcessStartInfo(Python) { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "libosinfo_render.py"));
        foreach (var a in new[] { shortId, profile, method, source, scriptId })
            psi.ArgumentList.Add(a);
        foreach (var (k, v) in Config)
            psi.ArgumentList.Add(k + "=" + v);
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, "libosinfo_render.py failed: " + stderr);
        return stdout.Result;
    }
}
