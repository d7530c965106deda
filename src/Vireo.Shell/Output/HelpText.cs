using System.Text;
using Vireo.Shell.Definitions;

namespace Vireo.Shell.Output;

/// <summary>virsh's help layouts: the grouped command list, one group, and one command (NAME/SYNOPSIS/DESCRIPTION/OPTIONS).</summary>
public static class HelpText
{
    /// <summary>cmdHelp without arguments.</summary>
    public static string AllGroups(IEnumerable<CommandGroup> groups)
    {
        var sb = new StringBuilder("Grouped commands:\n\n");
        foreach (var g in groups)
        {
            sb.Append(Group(g));
            sb.Append('\n');
        }
        return sb.ToString();
    }

    /// <summary>vshCmdGrpHelp.</summary>
    public static string Group(CommandGroup g)
    {
        var sb = new StringBuilder();
        sb.Append($" {g.Name} (help keyword '{g.Keyword}'):\n");
        foreach (var c in g.Commands)
        {
            if ((c.Flags & (CommandFlags.Alias | CommandFlags.Hidden | CommandFlags.VshOnly)) != 0) continue;
            sb.Append("    ").Append(Fmt.Left(c.Name, 30)).Append(' ').Append(c.Help).Append('\n');
        }
        return sb.ToString();
    }

    /// <summary>The command list of virsh's --help (groups without the trailing colon).</summary>
    public static string UsageGroups(IEnumerable<CommandGroup> groups)
    {
        var sb = new StringBuilder();
        foreach (var g in groups)
        {
            sb.Append($" {g.Name} (help keyword '{g.Keyword}')\n");
            foreach (var c in g.Commands)
            {
                if ((c.Flags & (CommandFlags.Alias | CommandFlags.Hidden | CommandFlags.VshOnly)) != 0) continue;
                sb.Append("    ").Append(Fmt.Left(c.Name, 30)).Append(' ').Append(c.Help).Append('\n');
            }
            sb.Append('\n');
        }
        return sb.ToString();
    }

    /// <summary>vshCmddefHelp.</summary>
    public static string Command(CommandDef def)
    {
        var sb = new StringBuilder();
        sb.Append("  NAME\n");
        sb.Append($"    {def.Name} - {def.Help}\n");
        sb.Append("\n  SYNOPSIS\n");
        sb.Append("    ").Append(def.Name);
        bool shortopt = false;
        foreach (var o in def.Options)
        {
            bool reqOpt = o.Flags.HasFlag(OptionFlags.RequiredOpt);
            string? text = o.Type switch
            {
                OptionType.Bool => $"[--{o.Name}]",
                OptionType.Int => o.IsRequired ? $"<{o.Name}>" : $"[--{o.Name} <number>]",
                OptionType.String => $"[--{o.Name} <string>]",
                OptionType.Data => o.IsRequired ? $"<{o.Name}>" : $"[<{o.Name}>]",
                OptionType.Argv => shortopt
                    ? (o.IsRequired ? $"{{[--{o.Name}] <string>}}..." : $"[[--{o.Name}] <string>]...")
                    : (o.IsRequired ? $"<{o.Name}>..." : $"[<{o.Name}>]..."),
                _ => null,
            };
            if (o.Type is OptionType.Int or OptionType.String or OptionType.Data && !reqOpt) shortopt = true;
            if (text is null) continue;
            sb.Append(' ').Append(text);
        }
        sb.Append('\n');
        if (def.Description.Length > 0) sb.Append("\n  DESCRIPTION\n").Append("    ").Append(def.Description).Append('\n');
        if (def.Options.Length > 0)
        {
            sb.Append("\n  OPTIONS\n");
            foreach (var o in def.Options)
            {
                string? left = o.Type switch
                {
                    OptionType.Bool => $"--{o.Name}",
                    OptionType.Int => o.IsRequired ? $"[--{o.Name}] <number>" : $"--{o.Name} <number>",
                    OptionType.String => $"--{o.Name} <string>",
                    OptionType.Data => $"[--{o.Name}] <string>",
                    OptionType.Argv => shortopt ? $"[--{o.Name}] <string>" : $"<{o.Name}>",
                    _ => null,
                };
                if (left is null) continue;
                sb.Append("    ").Append(Fmt.Left(left, 15)).Append("  ").Append(o.Help).Append('\n');
            }
        }
        sb.Append('\n');
        return sb.ToString();
    }
}
