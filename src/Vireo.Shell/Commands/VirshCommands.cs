using System.Text;
using Vireo.Shell.Definitions;
using Vireo.Shell.Output;
using Vireo.Shell.Runtime;

namespace Vireo.Shell.Commands;

/// <summary>The "Virsh itself" group: help, quit/exit, connect, echo, cd, pwd (vsh.c, virsh.c).</summary>
public static class VirshCommands
{
    public static void Register(Dictionary<string, CommandHandler> map)
    {
        map["help"] = Help;
        map["quit"] = Quit;
        map["exit"] = Quit;
        map["connect"] = Connect;
        map["echo"] = Echo;
        map["cd"] = Cd;
        map["pwd"] = Pwd;
    }

    private static Task<bool> Help(CommandContext ctx)
    {
        if (ctx.StringQuiet("command", out var name) <= 0)
        {
            ctx.Print(HelpText.AllGroups(CommandTable.Groups));
            return Task.FromResult(true);
        }
        if (CommandTable.Find(name!) is { } def)
        {
            if (def.Flags.HasFlag(CommandFlags.Alias) && def.AliasOf is not null) def = CommandTable.Find(def.AliasOf)!;
            ctx.Print(HelpText.Command(def));
            return Task.FromResult(true);
        }
        if (CommandTable.FindGroup(name!) is { } group)
        {
            ctx.Print(HelpText.Group(group));
            return Task.FromResult(true);
        }
        ctx.Error($"command or command group '{name}' doesn't exist");
        return Task.FromResult(false);
    }

    private static Task<bool> Quit(CommandContext ctx)
    {
        ctx.Session.Interactive = false;
        return Task.FromResult(true);
    }

    private static async Task<bool> Connect(CommandContext ctx)
    {
        bool ro = ctx.Has("readonly");
        if (!ctx.TryString("name", out var name)) return false;
        return await ctx.Session.ReconnectAsync(name, ro, force: true).ConfigureAwait(false);
    }

    private static Task<bool> Echo(CommandContext ctx)
    {
        bool shell = ctx.Has("shell"), xml = ctx.Has("xml"), err = ctx.Has("err"), split = ctx.Has("split");
        if (!ctx.ExclusiveVar("shell", shell, "xml", xml) || !ctx.ExclusiveVar("shell", shell, "split", split)
            || !ctx.ExclusiveVar("xml", xml, "split", split))
            return Task.FromResult(false);
        var args = ctx.Command.Argv();
        if (args.Count == 0) return Task.FromResult(true);
        var sb = new StringBuilder();
        foreach (var arg in args)
        {
            if (xml) sb.Append(XmlEscape(arg));
            else if (shell) sb.Append(ShellEscape(arg));
            else if (split) foreach (var part in SplitCommas(arg)) sb.Append(part).Append('\n');
            else sb.Append(arg);
            sb.Append(' ');
        }
        string text = sb.ToString(0, sb.Length - 1);
        if (err) ctx.Error(text);
        else ctx.Print(text);
        return Task.FromResult(true);
    }

    private static Task<bool> Cd(CommandContext ctx)
    {
        if (!ctx.Session.Interactive)
        {
            ctx.Error("cd: command valid only in interactive mode");
            return Task.FromResult(false);
        }
        if (ctx.StringQuiet("dir", out var dir) <= 0)
            dir = Environment.GetEnvironmentVariable("HOME") ?? "/";
        try
        {
            Directory.SetCurrentDirectory(dir!);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            string why = e is UnauthorizedAccessException ? "Permission denied" : "No such file or directory";
            ctx.Error($"cd: {why}: {dir}");
            return Task.FromResult(false);
        }
        return Task.FromResult(true);
    }

    private static Task<bool> Pwd(CommandContext ctx)
    {
        ctx.Print(Directory.GetCurrentDirectory() + "\n");
        return Task.FromResult(true);
    }

    /// <summary>virBufferEscapeString for "%s": &lt; &gt; &amp; ' " escaped.</summary>
    public static string XmlEscape(string s) =>
        s.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;").Replace("'", "&apos;").Replace("\"", "&quot;");

    /// <summary>virBufferEscapeShell: words without shell metacharacters unchanged, others single-quoted ('\'' for ').</summary>
    public static string ShellEscape(string s)
    {
        const string meta = "\r\t\n !\"#$&'()*;<>?[\\]^`{|}~";
        if (s.Length > 0 && s.IndexOfAny(meta.ToCharArray()) < 0) return s;
        return "'" + s.Replace("'", "'\\''") + "'";
    }

    /// <summary>vshStringToArray: splits on ',' where ",," stands for a literal comma.</summary>
    public static List<string> SplitCommas(string s)
    {
        var tmp = s.Split(',');
        var result = new List<string> { tmp[0] };
        bool concat = false;
        for (int i = 1; i < tmp.Length; i++)
        {
            if (concat)
            {
                result[^1] = result[^1] + "," + tmp[i];
                concat = false;
                continue;
            }
            if (tmp[i].Length == 0) concat = true;
            else result.Add(tmp[i]);
        }
        if (concat) result.Add("");
        return result;
    }
}
