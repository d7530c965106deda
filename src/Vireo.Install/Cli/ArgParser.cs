namespace Vireo.Install.Cli;

/// <summary>
/// Python argparse's option syntax, which virt-install and virt-clone use: "--opt VALUE", "--opt=VALUE", unique
/// prefixes of long options ("--file-s"), grouped short flags ("-dq"), a short option's value glued on ("-n3").
/// </summary>
public sealed class ArgParser(IReadOnlyList<ArgSpec> specs)
{
    private readonly Dictionary<string, ArgSpec> _byName = specs.SelectMany(s => s.Names.Select(n => (n, s)))
        .ToDictionary(p => p.n, p => p.s, StringComparer.Ordinal);

    public ParsedArgs Parse(IReadOnlyList<string> argv)
    {
        var result = new ParsedArgs();
        for (int i = 0; i < argv.Count; i++)
        {
            var arg = argv[i];
            if (arg == "--")
            {
                result.Positionals.AddRange(argv.Skip(i + 1));
                break;
            }

            if (!LooksLikeOption(arg))
            {
                result.Positionals.Add(arg);
                continue;
            }

            if (arg.StartsWith("--", StringComparison.Ordinal))
                i = ParseLong(argv, i, result);
            else
                i = ParseShortGroup(argv, i, result);
        }

        return result;
    }

    private static bool LooksLikeOption(string arg) =>
        arg.Length > 1 && arg[0] == '-' && !(arg.Length > 1 && (char.IsDigit(arg[1]) || arg[1] == '.'));

    private int ParseLong(IReadOnlyList<string> argv, int i, ParsedArgs result)
    {
        var arg = argv[i];
        string name = arg;
        string? explicitValue = null;
        int eq = arg.IndexOf('=');
        if (eq > 0)
        {
            name = arg[..eq];
            explicitValue = arg[(eq + 1)..];
        }

        var spec = Resolve(name) ?? throw new ArgParseException("unrecognized arguments: " + arg);
        return Consume(spec, name, explicitValue, argv, i, result);
    }

    private ArgSpec? Resolve(string name)
    {
        if (_byName.TryGetValue(name, out var exact))
            return exact;
        var matches = _byName.Where(p => p.Key.StartsWith("--", StringComparison.Ordinal) && p.Key.StartsWith(name, StringComparison.Ordinal))
            .Select(p => p.Value).Distinct().ToList();
        if (matches.Count > 1)
        {
            var names = _byName.Keys.Where(k => k.StartsWith(name, StringComparison.Ordinal)).OrderBy(k => k, StringComparer.Ordinal);
            throw new ArgParseException($"ambiguous option: {name} could match {string.Join(", ", names)}");
        }

        return matches.Count == 1 ? matches[0] : null;
    }

    private int ParseShortGroup(IReadOnlyList<string> argv, int i, ParsedArgs result)
    {
        var arg = argv[i];
        // "-c=/x.iso": argparse takes what follows "=" as the value of the short option
        int eq = arg.IndexOf('=');
        if (eq == 2 && _byName.TryGetValue(arg[..2], out var withEq))
            return Consume(withEq, arg[..2], arg[3..], argv, i, result);
        for (int k = 1; k < arg.Length; k++)
        {
            var name = "-" + arg[k];
            if (!_byName.TryGetValue(name, out var spec))
                throw new ArgParseException("unrecognized arguments: " + arg);
            var rest = arg[(k + 1)..];
            if (spec.Arity == ArgArity.Flag)
            {
                result.Add(spec.Key, "1");
                continue;
            }

            return Consume(spec, name, rest.Length > 0 ? rest : null, argv, i, result);
        }

        return i;
    }

    private int Consume(ArgSpec spec, string shown, string? explicitValue, IReadOnlyList<string> argv, int i, ParsedArgs result)
    {
        switch (spec.Arity)
        {
            case ArgArity.Flag:
                if (explicitValue != null)
                    throw new ArgParseException($"argument {spec.Display}: ignored explicit argument '{explicitValue}'");
                result.Add(spec.Key, "1");
                return i;
            case ArgArity.Optional:
                if (explicitValue != null)
                    result.Add(spec.Key, explicitValue);
                else if (i + 1 < argv.Count && !LooksLikeOption(argv[i + 1]))
                    result.Add(spec.Key, argv[++i]);
                else
                    result.Add(spec.Key, spec.OptionalConst ?? "");
                return i;
            default:
                if (explicitValue != null)
                {
                    result.Add(spec.Key, explicitValue);
                    return i;
                }

                if (i + 1 >= argv.Count || LooksLikeOption(argv[i + 1]))
                    throw new ArgParseException($"argument {spec.Display}: expected one argument");
                result.Add(spec.Key, argv[i + 1]);
                return i + 1;
        }
    }
}
