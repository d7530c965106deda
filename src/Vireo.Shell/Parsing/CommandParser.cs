using Vireo.Shell.Definitions;

namespace Vireo.Shell.Parsing;

/// <summary>
/// vshCommandParse: turns tokens into commands with their options, exactly as virsh 9.0 does: options by
/// <c>--name value</c>, <c>--name=value</c> or position (in declaration order, skipping bools and REQ_OPT options),
/// <c>--</c> ends option parsing, aliases resolve to their target, <c>--help</c> turns the command into
/// <c>help COMMAND</c>, and missing required options are errors. The whole line is parsed before anything runs.
/// </summary>
public sealed class CommandParser(Func<string, CommandDef?> lookup, Action<string> error)
{
    private static readonly OptionDef HelpOption = new("help", OptionType.Bool, OptionFlags.None, "print help for this function");

    /// <summary>Parses every command of <paramref name="source"/>; null on a syntax error (already reported).</summary>
    public List<ParsedCommand>? Parse(ITokenSource source)
    {
        var commands = new List<ParsedCommand>();
        while (true)
        {
            CommandDef? cmd = null;
            var opts = new List<ParsedOption>();
            bool dataOnly = false;
            var needArg = new List<int>();
            var required = new HashSet<int>();
            var seen = new HashSet<int>();
            TokenKind tk;

            while (true)
            {
                tk = source.Next(out var tkdata, report: true);
                if (tk == TokenKind.Error) return null;
                if (tk != TokenKind.Arg) break;
                string data = tkdata!;

                if (cmd is null)
                {
                    if (data.StartsWith('#'))
                    {
                        // a comment: skip to the end of this command
                        do tk = source.Next(out _, report: false); while (tk == TokenKind.Arg);
                        break;
                    }
                    cmd = lookup(data);
                    if (cmd is null)
                    {
                        error($"unknown command: '{data}'");
                        return null;
                    }
                    if (cmd.Flags.HasFlag(CommandFlags.Alias) && cmd.AliasOf is not null)
                        cmd = lookup(cmd.AliasOf)!;
                    for (int i = 0; i < cmd.Options.Length; i++)
                    {
                        var o = cmd.Options[i];
                        if (o.Type is OptionType.Bool or OptionType.Alias) continue;
                        if (!o.Flags.HasFlag(OptionFlags.RequiredOpt)) needArg.Add(i);
                        if (o.IsRequired) required.Add(i);
                    }
                    continue;
                }

                OptionDef? opt;
                if (!dataOnly && data.Length > 2 && data[0] == '-' && data[1] == '-' && char.IsAsciiLetterOrDigit(data[2]))
                {
                    string name = data[2..];
                    string? optstr = null;
                    int eq = name.IndexOf('=');
                    if (eq >= 0)
                    {
                        optstr = name[(eq + 1)..];
                        name = name[..eq];
                    }
                    opt = GetOption(cmd, name, seen, ref optstr, out int index);
                    if (opt is null)
                    {
                        if (cmd.Name == "help") continue;
                        return null;
                    }
                    string? value = null;
                    if (opt.Type != OptionType.Bool)
                    {
                        if (optstr is not null)
                        {
                            value = optstr;
                        }
                        else
                        {
                            tk = source.Next(out value, report: true);
                            if (tk == TokenKind.Error) return null;
                            if (tk != TokenKind.Arg)
                            {
                                error($"expected syntax: --{opt.Name} <{(opt.Type == OptionType.Int ? "number" : "string")}>");
                                return null;
                            }
                        }
                        if (opt.Type != OptionType.Argv) needArg.Remove(index);
                    }
                    else if (optstr is not null)
                    {
                        error($"invalid '=' after option --{opt.Name}");
                        return null;
                    }
                    opts.Add(new ParsedOption(opt, value));
                    continue;
                }
                if (!dataOnly && data == "--")
                {
                    dataOnly = true;
                    continue;
                }

                // positional data
                opt = GetData(cmd, needArg, seen);
                if (opt is null)
                {
                    if (cmd.Name == "help") continue;
                    error($"unexpected data '{data}'");
                    return null;
                }
                opts.Add(new ParsedOption(opt, data));
            }

            if (cmd is not null)
            {
                if (opts.Any(o => ReferenceEquals(o.Def, HelpOption)))
                {
                    // "cmd --help" is "help cmd"
                    var help = lookup("help")!;
                    commands.Add(new ParsedCommand(help, [new ParsedOption(help.Options[0], cmd.Name)]));
                }
                else
                {
                    var missing = required.Where(i => !seen.Contains(i)).OrderBy(i => i).ToList();
                    if (missing.Count > 0)
                    {
                        foreach (var i in missing)
                        {
                            var o = cmd.Options[i];
                            error(o.Type is OptionType.Data or OptionType.Argv
                                ? $"command '{cmd.Name}' requires <{o.Name}> option"
                                : $"command '{cmd.Name}' requires --{o.Name} option");
                        }
                        return null;
                    }
                    commands.Add(new ParsedCommand(cmd, opts));
                }
            }
            if (tk == TokenKind.End) break;
        }
        return commands;
    }

    /// <summary>vshCmddefGetOption: resolves an option name (and aliases), reporting unknown or repeated options.</summary>
    private OptionDef? GetOption(CommandDef cmd, string name, HashSet<int> seen, ref string? optstr, out int index)
    {
        index = -1;
        if (name == HelpOption.Name) return HelpOption;
        for (int i = 0; i < cmd.Options.Length; i++)
        {
            var o = cmd.Options[i];
            if (o.Name != name) continue;
            if (o.Type == OptionType.Alias)
            {
                // "target" renames; "target=value" makes a bool flag an alias of an option with a fixed value
                string target = o.Help;
                int eq = target.IndexOf('=');
                if (eq >= 0)
                {
                    if (optstr is not null)
                    {
                        error($"invalid '=' after option --{o.Name}");
                        return null;
                    }
                    optstr = target[(eq + 1)..];
                    target = target[..eq];
                }
                name = target;
                continue;
            }
            if (seen.Contains(i) && o.Type != OptionType.Argv)
            {
                error($"option --{name} already seen");
                return null;
            }
            seen.Add(i);
            index = i;
            return o;
        }
        if (cmd.Name != "help") error($"command '{cmd.Name}' doesn't support option --{name}");
        return null;
    }

    /// <summary>vshCmddefGetData: the next option that takes a positional value.</summary>
    private static OptionDef? GetData(CommandDef cmd, List<int> needArg, HashSet<int> seen)
    {
        if (needArg.Count == 0) return null;
        int i = needArg.Min();
        var o = cmd.Options[i];
        if (o.Type != OptionType.Argv) needArg.Remove(i);
        seen.Add(i);
        return o;
    }
}
