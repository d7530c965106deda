using System.Text;
using System.Text.RegularExpressions;

namespace Vireo.Integration.Tests.Compat;

/// <summary>
/// Rewrites the parts of virsh output that legitimately differ between two daemons (or two runs) into
/// placeholders, so a transcript from libvirtd and one from vireod can be compared line by line:
/// <list type="bullet">
/// <item>literal strings registered with <see cref="Replace"/> (socket paths, temp dirs, fixture paths) - longest first;</item>
/// <item>the host name: a line that is exactly the machine's host name, and the output of <c>hostname</c> → <c>&lt;HOSTNAME&gt;</c>;</item>
/// <item>domain ids: <c>Id:</c> lines, the Id column of <c>list</c> tables, <c>domid</c> output, <c>&lt;domain ... id='N'&gt;</c> → <c>&lt;ID&gt;</c>;</item>
/// <item>UUIDs and MAC addresses not declared stable (i.e. generated for new objects) → <c>&lt;UUID-n&gt;</c> / <c>&lt;MAC-n&gt;</c>,
///   numbered by first appearance, so "the same new UUID in two places" is still checked;</item>
/// <item>times: <c>CPU time: 12.3s</c> → <c>&lt;CPUTIME&gt;</c>, ISO-like timestamps → <c>&lt;TIME&gt;</c>;</item>
/// <item>versions in <c>version</c> output (library, API, hypervisor, daemon) → <c>&lt;VERSION&gt;</c>;</item>
/// <item>counters of <c>domblkstat</c>/<c>domifstat</c> (the test driver derives them from the clock) → <c>&lt;N&gt;</c>,
///   and IPv4 addresses in <c>domifaddr</c> (derived from the domain id) → <c>&lt;IP&gt;</c>.</item>
/// </list>
/// One instance per transcript: the UUID/MAC numbering is part of its state.
/// </summary>
public sealed partial class OutputNormalizer
{
    private readonly List<(string From, string To)> _literals = new();
    private readonly HashSet<string> _stableUuids;
    private readonly HashSet<string> _stableMacs;
    private readonly Dictionary<string, string> _uuidNames = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, string> _macNames = new(StringComparer.OrdinalIgnoreCase);
    private readonly string _hostName;

    /// <param name="stableUuids">UUIDs that are the same on every daemon (from fixtures or the default config)</param>
    /// <param name="stableMacs">MAC addresses that are the same on every daemon</param>
    /// <param name="hostName">the host name to hide (default: this machine's)</param>
    public OutputNormalizer(IEnumerable<string>? stableUuids = null, IEnumerable<string>? stableMacs = null, string? hostName = null)
    {
        _stableUuids = new HashSet<string>(stableUuids ?? Array.Empty<string>(), StringComparer.OrdinalIgnoreCase);
        _stableMacs = new HashSet<string>(stableMacs ?? Array.Empty<string>(), StringComparer.OrdinalIgnoreCase);
        _hostName = hostName ?? MachineHostName();
    }

    /// <summary>UUIDs of test:///default's built-in objects (domain test, network default, pool default-pool ...).</summary>
    public static IReadOnlyList<string> TestDriverDefaultUuids { get; } = new[]
    {
        "6695eb01-f6a4-8304-79aa-97f2502e193f", // domain test
        "dd8fe884-6c02-601e-7551-cca97df1c5df", // network default
        "dfe224cb-28fb-8dd0-c4b2-64eb3f0f4566", // pool default-pool
    };

    /// <summary>MAC addresses of test:///default's built-in objects.</summary>
    public static IReadOnlyList<string> TestDriverDefaultMacs { get; } = new[] { "aa:bb:cc:dd:ee:ff" };

    /// <summary>All UUIDs and MAC addresses written literally in <paramref name="texts"/> (fixture files, command lines).</summary>
    public static (IReadOnlyList<string> Uuids, IReadOnlyList<string> Macs) FindIdentifiers(IEnumerable<string> texts)
    {
        var uuids = new List<string>();
        var macs = new List<string>();
        foreach (var t in texts)
        {
            uuids.AddRange(UuidRegex().Matches(t).Select(m => m.Value));
            macs.AddRange(MacRegex().Matches(t).Select(m => m.Value));
        }

        return (uuids, macs);
    }

    /// <summary>Replaces every occurrence of <paramref name="literal"/> with <paramref name="placeholder"/> (applied longest first).</summary>
    public OutputNormalizer Replace(string literal, string placeholder)
    {
        if (literal.Length > 0)
        {
            _literals.Add((literal, placeholder));
            _literals.Sort((x, y) => y.From.Length.CompareTo(x.From.Length));
        }

        return this;
    }

    /// <summary>Normalises <paramref name="text"/>, the output of the virsh command <paramref name="command"/> (if known).</summary>
    public string Normalize(string text, string? command = null)
    {
        foreach (var (from, to) in _literals)
        {
            text = text.Replace(from, to, StringComparison.Ordinal);
        }

        var verb = command?.TrimStart().Split(' ', 2)[0] ?? "";
        var sb = new StringBuilder(text.Length);
        var inIdTable = false;
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            if (IdTableHeaderRegex().IsMatch(line))
            {
                inIdTable = true;
            }
            else if (line.Length == 0)
            {
                inIdTable = false;
            }
            else if (inIdTable && IdTableRowRegex().Match(line) is { Success: true } row)
            {
                // keep the row's width for ids of up to 3 digits: "<ID>" + the remaining padding
                var cell = row.Groups[1].Value + row.Groups[2].Value;
                line = " <ID>" + new string(' ', Math.Max(1, cell.Length - 4)) + line[(1 + cell.Length)..];
            }

            line = NormalizeLine(line, verb);
            sb.Append(line);
            if (i < lines.Length - 1)
            {
                sb.Append('\n');
            }
        }

        return sb.ToString();
    }

    private string NormalizeLine(string line, string verb)
    {
        if (line.Length > 0 && (line == _hostName || (verb == "hostname" && !line.StartsWith("error:", StringComparison.Ordinal))))
        {
            return "<HOSTNAME>";
        }

        if (verb == "domid" && DigitsRegex().IsMatch(line))
        {
            return "<ID>";
        }

        line = IdLineRegex().Replace(line, "${1}<ID>");
        line = DomainIdAttrRegex().Replace(line, "${1}<ID>'");
        line = CpuTimeRegex().Replace(line, "${1}<CPUTIME>");
        line = TimestampRegex().Replace(line, "<TIME>");
        line = VersionLineRegex().Replace(line, "${1}<VERSION>");
        if (verb is "domblkstat" or "domifstat")
        {
            line = StatCounterRegex().Replace(line, "${1}<N>");
        }

        if (verb == "domifaddr")
        {
            line = Ipv4Regex().Replace(line, "<IP>");
        }

        line = UuidRegex().Replace(line, m => _stableUuids.Contains(m.Value) ? m.Value : Name(_uuidNames, m.Value, "UUID"));
        line = MacRegex().Replace(line, m => _stableMacs.Contains(m.Value) ? m.Value : Name(_macNames, m.Value, "MAC"));
        return line;
    }

    private static string Name(Dictionary<string, string> names, string value, string kind)
    {
        if (!names.TryGetValue(value, out var name))
        {
            name = $"<{kind}-{names.Count + 1}>";
            names[value] = name;
        }

        return name;
    }

    private static string MachineHostName()
    {
        try
        {
            return File.ReadAllText("/proc/sys/kernel/hostname").Trim();
        }
        catch (IOException)
        {
            return Environment.MachineName;
        }
    }

    [GeneratedRegex(@"\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\b")]
    private static partial Regex UuidRegex();

    [GeneratedRegex(@"\b[0-9a-fA-F]{2}(?::[0-9a-fA-F]{2}){5}\b")]
    private static partial Regex MacRegex();

    [GeneratedRegex(@"^\s*Id\s+Name\s+State\b")]
    private static partial Regex IdTableHeaderRegex();

    [GeneratedRegex(@"^ (\d+)( +)\S")]
    private static partial Regex IdTableRowRegex();

    [GeneratedRegex(@"^\d+$")]
    private static partial Regex DigitsRegex();

    [GeneratedRegex(@"^(Id:\s+)\d+$")]
    private static partial Regex IdLineRegex();

    [GeneratedRegex(@"(<domain\b[^>]*\bid=')\d+'")]
    private static partial Regex DomainIdAttrRegex();

    [GeneratedRegex(@"^(CPU time:\s+)[0-9.]+s$")]
    private static partial Regex CpuTimeRegex();

    [GeneratedRegex(@"\b\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?")]
    private static partial Regex TimestampRegex();

    [GeneratedRegex(@"^((?:Compiled against library|Using library|Using API|Running hypervisor): \S+ )\S+$|^(?<1>Running against daemon: )\S+$")]
    private static partial Regex VersionLineRegex();

    [GeneratedRegex(@"^(\S+ \S+ )-?\d+$")]
    private static partial Regex StatCounterRegex();

    [GeneratedRegex(@"\b\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}\b")]
    private static partial Regex Ipv4Regex();
}
