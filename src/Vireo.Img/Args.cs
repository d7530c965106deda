namespace Vireo.Img;

/// <summary>getopt_long-style parsing as qemu-img does it: short options (clustered, value attached or next),
/// long options (--name=value or --name value), "--" ends options.</summary>
internal sealed class Args
{
    private readonly Dictionary<string, List<string>> values = new();

    public List<string> Positional { get; } = new();

    /// <summary>Parses; <paramref name="withArg"/> lists options taking a value (short letters or long names),
    /// <paramref name="flags"/> those that do not. Unknown options throw UsageException.</summary>
    public static Args Parse(IReadOnlyList<string> argv, string[] withArg, string[] flags)
    {
        var a = new Args();
        for (int i = 0; i < argv.Count; i++)
        {
            string s = argv[i];
            if (s == "--")
            {
                a.Positional.AddRange(argv.Skip(i + 1));
                break;
            }
            if (s.StartsWith("--", StringComparison.Ordinal))
            {
                string name = s[2..];
                string? val = null;
                int eq = name.IndexOf('=');
                if (eq >= 0)
                {
                    val = name[(eq + 1)..];
                    name = name[..eq];
                }
                if (withArg.Contains(name))
                {
                    if (val == null)
                    {
                        if (++i >= argv.Count)
                            throw new UsageException($"option '--{name}' requires an argument");
                        val = argv[i];
                    }
                    a.Add(name, val);
                }
                else if (flags.Contains(name))
                {
                    a.Add(name, "");
                }
                else
                {
                    throw new UsageException($"unrecognized option '--{name}'");
                }
                continue;
            }
            if (s.Length > 1 && s[0] == '-')
            {
                for (int j = 1; j < s.Length; j++)
                {
                    string o = s[j].ToString();
                    if (withArg.Contains(o))
                    {
                        string val;
                        if (j + 1 < s.Length)
                            val = s[(j + 1)..];
                        else if (++i < argv.Count)
                            val = argv[i];
                        else
                            throw new UsageException($"option requires an argument -- '{o}'");
                        a.Add(o, val);
                        break;
                    }
                    if (flags.Contains(o))
                        a.Add(o, "");
                    else
                        throw new UsageException($"invalid option -- '{o}'");
                }
                continue;
            }
            a.Positional.Add(s);
        }
        return a;
    }

    private void Add(string k, string v)
    {
        if (!values.TryGetValue(k, out var l))
            values[k] = l = new List<string>();
        l.Add(v);
    }

    public bool Has(string k) => values.ContainsKey(k);

    /// <summary>Last value of an option (qemu keeps the last), or null.</summary>
    public string? Get(string k) => values.TryGetValue(k, out var l) ? l[^1] : null;

    /// <summary>All values of a repeatable option.</summary>
    public IReadOnlyList<string> All(string k) => values.TryGetValue(k, out var l) ? l : Array.Empty<string>();

    /// <summary>Parses qemu's "-o a=b,c=d" lists (",," escapes a comma); several -o are merged.</summary>
    public static List<(string Key, string Value)> ParseOptions(IEnumerable<string> lists)
    {
        var res = new List<(string, string)>();
        foreach (var list in lists)
        {
            var parts = new List<string>();
            var cur = new System.Text.StringBuilder();
            for (int i = 0; i < list.Length; i++)
            {
                if (list[i] == ',')
                {
                    if (i + 1 < list.Length && list[i + 1] == ',')
                    {
                        cur.Append(',');
                        i++;
                        continue;
                    }
                    parts.Add(cur.ToString());
                    cur.Clear();
                    continue;
                }
                cur.Append(list[i]);
            }
            parts.Add(cur.ToString());
            foreach (var p in parts)
            {
                if (p.Length == 0)
                    continue;
                int eq = p.IndexOf('=');
                res.Add(eq < 0 ? (p, "on") : (p[..eq], p[(eq + 1)..]));
            }
        }
        return res;
    }
}

/// <summary>A command-line mistake: printed as "vireo-img: MESSAGE", exit status 1.</summary>
internal sealed class UsageException : Exception
{
    public UsageException(string message) : base(message) { }
}
