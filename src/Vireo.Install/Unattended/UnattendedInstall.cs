using System.Text;
using System.Text.RegularExpressions;
using Vireo.Install.OsInfo;

namespace Vireo.Install.Unattended;

/// <summary>The rendered scripts (file name the installer expects, content) and the kernel arguments they need.</summary>
public sealed record UnattendedResult(IReadOnlyList<(string FileName, byte[] Content)> Files, string? Cmdline, string Profile);

/// <summary>
/// --unattended as virt-install 4.1 does it: the OS's osinfo-db install scripts for the profile (default "desktop"
/// when the OS has one, else the first by name), a config from the options and the host (login, timezone, the guest's
/// name as hostname, /dev/vda or /dev/sda), rendered for initrd injection (--location) or a CD-ROM (--cdrom).
/// </summary>
public static partial class UnattendedInstall
{
    public static UnattendedResult Prepare(UnattendedOptions u, OsVariant os, string guestName, string arch, bool virtioDisk,
        string injectionMethod, string? networkUrl, TextWriter stderr, InstallScriptLibrary? library = null)
    {
        var lib = library ?? InstallScriptLibrary.Default;
        var all = lib.ForOs(os);
        if (all.Count == 0)
            throw new InstallException($"OS '{os.ShortId}' does not support unattended installation.");
        var profiles = all.Select(s => s.Profile).Distinct().Order(StringComparer.Ordinal).ToList();
        var profile = u.Profile;
        if (profile == null)
        {
            profile = profiles.Contains("desktop") ? "desktop" : profiles[0];
            stderr.WriteLine($"WARNING  Using unattended profile '{profile}'");
        }
        else if (!profiles.Contains(profile))
        {
            throw new InstallException($"OS '{os.ShortId}' does not support unattended installation for the '{profile}' profile. " +
                                       $"Available profiles: {string.Join(", ", profiles)}");
        }

        var files = new List<(string, byte[])>();
        var cmdlines = new List<string>();
        foreach (var script in all.Where(s => s.Profile == profile))
        {
            if (!script.InjectionMethods.Contains(injectionMethod))
                throw new InstallException($"OS '{os.ShortId}' does not support required injection method '{injectionMethod}'");
            // virt-install says "media" only for install media osinfo recognizes (by ISO volume id), which we do not detect
            var settings = new ScriptSettings(injectionMethod, "network",
                Config(u, script, os, guestName, arch, virtioDisk, networkUrl));
            files.Add((script.ExpectedFilename, Encoding.UTF8.GetBytes(ScriptRenderer.Script(script, os, settings, lib))));
            // only a kernel boot (initrd injection) takes the command line, untrimmed as virt-install joins it; for a
            // CD-ROM virt-install just logs it
            if (injectionMethod == "initrd" && ScriptRenderer.CommandLine(script, os, settings, lib) is { Length: > 0 } cmdline)
                cmdlines.Add(cmdline);
        }

        return new UnattendedResult(files, cmdlines.Count > 0 ? string.Join(' ', cmdlines) : null, profile);
    }

    /// <summary>The install config, in the order virt-install sets it, over libosinfo's defaults.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Config(UnattendedOptions u, InstallScript script, OsVariant os,
        string guestName, string arch, bool virtioDisk, string? networkUrl)
    {
        var config = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["l10n-keyboard"] = "en_US",
            ["l10n-language"] = "en_US",
            ["l10n-timezone"] = "America/New_York",
        };
        var (login, realname) = u.UserLogin is { } l ? (l, l) : HostUser();
        if (login != null)
        {
            login = login.ToLowerInvariant();
            if (login == "root")
                throw new InstallException($"{os.Name} cannot use '{login}' as user-login.");
            config["user-login"] = login;
            config["user-realname"] = realname ?? "";
        }

        var userPassword = u.UserPassword;
        if (script.Requires("user-password") && string.IsNullOrEmpty(userPassword))
            throw new InstallException($"{os.Name} requires the user-password to be set.");
        config["user-password"] = userPassword ?? "";
        var adminPassword = u.AdminPassword;
        if (script.Requires("admin-password") && string.IsNullOrEmpty(adminPassword))
            throw new InstallException($"{os.Name} requires the admin-password to be set.");
        config["admin-password"] = adminPassword ?? "";
        config["target-disk"] = os.IsWindows ? "C" : virtioDisk ? "/dev/vda" : "/dev/sda";
        config["hardware-arch"] = arch;
        config["hostname"] = HostnameUnsafe().Replace(guestName, "-");
        if (HostTimezone() is { } tz)
            config["l10n-timezone"] = tz;
        if (HostLanguage() is { } lang)
        {
            config["l10n-language"] = lang;
            config["l10n-keyboard"] = lang;
        }

        if (networkUrl != null)
            config["installation-url"] = networkUrl;
        if (u.RegLogin != null)
            config["reg-login"] = u.RegLogin;
        if (u.ProductKey != null)
            config["reg-product-key"] = u.ProductKey;
        return config.ToList();
    }

    // the host user's login and full name (GECOS), unless it is root
    private static (string?, string?) HostUser()
    {
        var user = Environment.UserName;
        if (user == "root")
            return (null, null);
        string? gecos = null;
        try
        {
            foreach (var line in File.ReadLines("/etc/passwd"))
            {
                var f = line.Split(':');
                if (f.Length > 4 && f[0] == user)
                    gecos = f[4];
            }
        }
        catch (IOException)
        {
        }

        return (user, gecos ?? "");
    }

    // /etc/localtime -> .../zoneinfo/Europe/Paris gives "Europe/Paris"
    private static string? HostTimezone()
    {
        try
        {
            var target = new FileInfo("/etc/localtime").ResolveLinkTarget(true)?.FullName;
            if (target == null)
                return null;
            int i = target.IndexOf("zoneinfo/", StringComparison.Ordinal);
            return i >= 0 ? target[(i + "zoneinfo/".Length)..] : null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    // python's locale.getlocale()[0]: the LC_CTYPE language (LC_ALL, LC_CTYPE, LANG), none for C/POSIX; python
    // aliases C.UTF-8 to en_US
    private static string? HostLanguage()
    {
        var value = new[] { "LC_ALL", "LC_CTYPE", "LANG" }.Select(Environment.GetEnvironmentVariable).FirstOrDefault(v => !string.IsNullOrEmpty(v));
        if (value == null)
            return null;
        if (value.StartsWith("C.", StringComparison.OrdinalIgnoreCase))
            return "en_US";
        var lang = value.Split('.', '@')[0];
        return lang is "C" or "POSIX" or "" ? null : lang;
    }

    [GeneratedRegex("[{|}~\\[\\]^':; <=>?@!\"#$%`()+/.,*&]")]
    private static partial Regex HostnameUnsafe();
}
