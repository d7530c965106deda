using Vireo.Client.Uris;

namespace Vireo.Client.Transport;

/// <summary>
/// The ssh command line libvirt 9 builds for <c>driver+ssh://[user@]host[:port]/path</c> (netcat proxy mode):
/// <c>ssh [-p PORT] [-l USER] [-i KEYFILE] [-T -e none -o BatchMode=yes] [-o StrictHostKeyChecking=no] -- HOST sh -c '...nc -U SOCKET'</c>.
/// URI parameters: <c>command</c> (the ssh binary), <c>netcat</c> (remote nc), <c>socket</c> (remote socket),
/// <c>keyfile</c>, <c>no_tty</c>, <c>no_verify</c>.
/// </summary>
public static class SshCommand
{
    public static (string Program, List<string> Args) Build(ConnectionUri uri, string remoteSocket)
    {
        var args = new List<string>();
        if (uri.Port is { } port) args.AddRange(["-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        if (uri.User is { Length: > 0 } user) args.AddRange(["-l", user]);
        if (uri.Get("keyfile") is { Length: > 0 } key) args.AddRange(["-i", key]);
        if (IsSet(uri.Get("no_tty"))) args.AddRange(["-T", "-e", "none", "-o", "BatchMode=yes"]);
        if (IsSet(uri.Get("no_verify"))) args.AddRange(["-o", "StrictHostKeyChecking=no"]);
        args.Add("--");
        args.Add(uri.Host!);
        // ssh joins its remote arguments with spaces for the remote shell: hand it one quoted command.
        args.Add("sh -c " + ShellQuote(NetcatScript(uri.Get("netcat") ?? "nc", remoteSocket)));
        return (uri.Get("command") ?? "ssh", args);
    }

    /// <summary>
    /// The remote side: OpenBSD nc needs -q0 to exit when its stdin closes, other netcats have no -q; probe as libvirt does.
    /// </summary>
    public static string NetcatScript(string netcat, string socket) =>
        $"if {ShellQuote(netcat)} -q 2>&1 | grep \"requires an argument\" >/dev/null 2>&1; then ARG=-q0;else ARG=;fi;" +
        $"{ShellQuote(netcat)} $ARG -U {ShellQuote(socket)}";

    /// <summary>Single-quotes a word for sh, so names from a URI never become shell syntax.</summary>
    public static string ShellQuote(string s) => "'" + s.Replace("'", "'\\''") + "'";

    private static bool IsSet(string? v) => v is not null && v != "0";
}
