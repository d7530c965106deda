using Vireo.Client.Uris;

namespace Vireo.Client.Auth;

/// <summary>
/// libvirt's client credential file (auth.conf): <c>[auth-libvirt-HOST]</c> (or <c>[auth-libvirt-default]</c>)
/// names a <c>credentials=SET</c>, and <c>[credentials-SET]</c> holds <c>authname=</c> and <c>password=</c>.
/// Found as libvirt does: <c>?authfile=</c>, <c>$LIBVIRT_AUTH_FILE</c>, <c>$XDG_CONFIG_HOME/libvirt/auth.conf</c>
/// (default <c>~/.config</c>), <c>/etc/libvirt/auth.conf</c>; the first that exists is used.
/// </summary>
public static class AuthConfigFile
{
    public static string? Locate(ConnectionUri uri)
    {
        if (uri.Get("authfile") is { Length: > 0 } explicitFile) return explicitFile;
        if (Environment.GetEnvironmentVariable("LIBVIRT_AUTH_FILE") is { Length: > 0 } env) return env;
        var config = Environment.GetEnvironmentVariable("XDG_CONFIG_HOME") is { Length: > 0 } x
            ? x : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".config");
        foreach (var candidate in new[] { Path.Combine(config, "libvirt", "auth.conf"), "/etc/libvirt/auth.conf" })
            if (File.Exists(candidate)) return candidate;
        return null;
    }

    /// <summary>The value of <paramref name="key"/> (authname, password) for service "libvirt" on <paramref name="host"/>, or null.</summary>
    public static string? Lookup(string path, string host, string key)
    {
        if (!File.Exists(path)) return null;
        var groups = Parse(File.ReadAllLines(path));
        var auth = groups.GetValueOrDefault("auth-libvirt-" + host) ?? groups.GetValueOrDefault("auth-libvirt-default");
        if (auth?.GetValueOrDefault("credentials") is not { } set) return null;
        return groups.GetValueOrDefault("credentials-" + set)?.GetValueOrDefault(key);
    }

    private static Dictionary<string, Dictionary<string, string>> Parse(IEnumerable<string> lines)
    {
        var groups = new Dictionary<string, Dictionary<string, string>>();
        Dictionary<string, string>? current = null;
        foreach (var raw in lines)
        {
            var line = raw.Trim();
            if (line.Length == 0 || line[0] is '#' or ';') continue;
            if (line.StartsWith('[') && line.EndsWith(']'))
            {
                var name = line[1..^1].Trim();
                current = groups.TryGetValue(name, out var g) ? g : groups[name] = new Dictionary<string, string>();
                continue;
            }
            int eq = line.IndexOf('=');
            if (current is null || eq <= 0) continue;
            current[line[..eq].Trim()] = line[(eq + 1)..].Trim();
        }
        return groups;
    }
}
