using Vireo.Shell.Parsing;

namespace Vireo.Shell.Runtime;

/// <summary>What the command line asked for before the command itself.</summary>
public sealed record ShellOptions
{
    /// <summary>-c/--connect: the URI, or null for the default.</summary>
    public string? ConnectUri { get; init; }

    /// <summary>-r/--readonly.</summary>
    public bool ReadOnly { get; init; }

    /// <summary>-q/--quiet: no informational output, no table headers, no welcome banner.</summary>
    public bool Quiet { get; init; }

    /// <summary>-t/--timing: print how long each command took.</summary>
    public bool Timing { get; init; }

    /// <summary>-d/--debug level (0-4); kept for compatibility, vsh logs nothing extra.</summary>
    public int Debug { get; init; } = 4;

    /// <summary>-e/--escape: the console escape sequence.</summary>
    public string EscapeChar { get; init; } = "^]";

    /// <summary>-k/--keepalive-interval (-1 = default 5 s, 0 = off).</summary>
    public int KeepaliveInterval { get; init; } = -1;

    /// <summary>-K/--keepalive-count (-1 = default 6).</summary>
    public int KeepaliveCount { get; init; } = -1;

    /// <summary>-l/--log: file commands and errors are appended to.</summary>
    public string? LogFile { get; init; }

    /// <summary>--json: machine-readable output for list and info commands (a vsh extension).</summary>
    public bool Json { get; init; }

    /// <summary>The command words after the options (empty = interactive mode).</summary>
    public IReadOnlyList<string> Command { get; init; } = [];
}

/// <summary>What parsing the global options decided.</summary>
public enum GlobalParseResult
{
    /// <summary>Run (interactively when no command was given).</summary>
    Run,
    /// <summary>Print the usage text and exit 0 (-h).</summary>
    Help,
    /// <summary>Print the short version and exit 0 (-v, --version[=short]).</summary>
    Version,
    /// <summary>Print the long version and exit 0 (-V, --version=long).</summary>
    LongVersion,
    /// <summary>An error was reported: exit 1.</summary>
    Error,
}

/// <summary>
/// virshParseArgv: getopt_long with "+:c:d:e:hk:K:l:qrtvV" (stops at the first non-option, so command options are
/// never mistaken for vsh's), long options with unique-prefix abbreviation, plus vsh's --json.
/// </summary>
public static class GlobalOptions
{
    private static readonly (string Long, char Short, int Arg)[] Table =
    [
        ("connect", 'c', 1), ("debug", 'd', 1), ("escape", 'e', 1), ("help", 'h', 0), ("keepalive-interval", 'k', 1),
        ("keepalive-count", 'K', 1), ("log", 'l', 1), ("quiet", 'q', 0), ("readonly", 'r', 0), ("timing", 't', 0),
        ("version", 'v', 2), ("json", 'j', 0),
    ];

    private const string ShortWithArg = "cdekKl";
    private const string ShortNoArg = "hqrtvV";

    public static GlobalParseResult Parse(IReadOnlyList<string> args, Action<string> error, out ShellOptions options)
    {
        var o = new ShellOptions();
        options = o;
        int i = 0;
        while (i < args.Count)
        {
            string a = args[i];
            if (a == "--")
            {
                i++;
                break;
            }
            if (a.StartsWith("--", StringComparison.Ordinal))
            {
                string body = a[2..];
                string? value = null;
                int eq = body.IndexOf('=');
                if (eq >= 0)
                {
                    value = body[(eq + 1)..];
                    body = body[..eq];
                }
                var matches = Table.Where(t => t.Long.StartsWith(body, StringComparison.Ordinal)).ToList();
                var exact = matches.Where(t => t.Long == body).ToList();
                if (exact.Count == 1) matches = exact;
                if (matches.Count != 1 || body.Length == 0)
                {
                    error($"unsupported option '{a}'. See --help.");
                    return GlobalParseResult.Error;
                }
                var (lng, sh, arg) = matches[0];
                if (arg == 0 && value is not null)
                {
                    error($"unsupported option '{a}'. See --help.");
                    return GlobalParseResult.Error;
                }
                if (arg == 1 && value is null)
                {
                    if (i + 1 >= args.Count)
                    {
                        error($"option '-{sh}'/'--{lng}' requires an argument");
                        return GlobalParseResult.Error;
                    }
                    value = args[++i];
                }
                i++;
                var r = Apply(ref o, sh, value, longForm: true, error);
                if (r != GlobalParseResult.Run) return r;
                continue;
            }
            if (a.Length > 1 && a[0] == '-')
            {
                int j = 1;
                while (j < a.Length)
                {
                    char c = a[j++];
                    if (ShortWithArg.Contains(c))
                    {
                        string value;
                        if (j < a.Length) value = a[j..];
                        else if (i + 1 < args.Count) value = args[++i];
                        else
                        {
                            var lng = Table.First(t => t.Short == c).Long;
                            error($"option '-{c}'/'--{lng}' requires an argument");
                            return GlobalParseResult.Error;
                        }
                        j = a.Length;
                        var r = Apply(ref o, c, value, longForm: false, error);
                        if (r != GlobalParseResult.Run) return r;
                    }
                    else if (ShortNoArg.Contains(c))
                    {
                        var r = Apply(ref o, c, null, longForm: false, error);
                        if (r != GlobalParseResult.Run) return r;
                    }
                    else
                    {
                        error($"unsupported option '-{c}'. See --help.");
                        return GlobalParseResult.Error;
                    }
                }
                i++;
                continue;
            }
            break;
        }
        options = o with { Command = args.Skip(i).ToList() };
        return GlobalParseResult.Run;
    }

    private static GlobalParseResult Apply(ref ShellOptions o, char c, string? value, bool longForm, Action<string> error)
    {
        switch (c)
        {
            case 'c':
                o = o with { ConnectUri = value };
                break;
            case 'd':
                if (!CNumber.TryInt(value!, out int debug))
                {
                    error($"option {(longForm ? "--debug" : "-d")} takes a numeric argument");
                    return GlobalParseResult.Error;
                }
                if (debug is < 0 or > 4) error($"ignoring debug level {debug} out of range [0-4]");
                else o = o with { Debug = debug };
                break;
            case 'e':
                string v = value!;
                bool allowed = v.Length == 2 && v[0] == '^' && (v[1] is >= 'a' and <= 'z' || v[1] is >= '@' and <= '_') || v.Length == 1 && v != "^";
                if (!allowed)
                {
                    error($"Invalid string '{v}' for escape sequence");
                    return GlobalParseResult.Error;
                }
                o = o with { EscapeChar = v };
                break;
            case 'h':
                return GlobalParseResult.Help;
            case 'k' or 'K':
                string name = c == 'k' ? (longForm ? "--keepalive-interval" : "-k") : (longForm ? "--keepalive-count" : "-K");
                if (!CNumber.TryInt(value!, out int ka, numberBase: 0))
                {
                    error($"Invalid value for option {name}");
                    return GlobalParseResult.Error;
                }
                if (ka < 0)
                {
                    error($"option {name} requires a positive integer argument");
                    return GlobalParseResult.Error;
                }
                o = c == 'k' ? o with { KeepaliveInterval = ka } : o with { KeepaliveCount = ka };
                break;
            case 'l':
                o = o with { LogFile = value };
                break;
            case 'q':
                o = o with { Quiet = true };
                break;
            case 'r':
                o = o with { ReadOnly = true };
                break;
            case 't':
                o = o with { Timing = true };
                break;
            case 'v':
                return value is not null && value == "long" ? GlobalParseResult.LongVersion : GlobalParseResult.Version;
            case 'V':
                return GlobalParseResult.LongVersion;
            case 'j':
                o = o with { Json = true };
                break;
        }
        return GlobalParseResult.Run;
    }
}
