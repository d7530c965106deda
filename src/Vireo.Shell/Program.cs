using Vireo.Shell.Definitions;
using Vireo.Shell.Parsing;
using Vireo.Shell.Runtime;

namespace Vireo.Shell;

/// <summary>
/// vsh: virsh's commands, options and output over Vireo.Client. <c>vsh [options] [COMMAND [ARGS]]</c> runs one
/// command (or a ';'-separated list given as one argument); without a command it is an interactive shell.
/// </summary>
public static class Program
{
    /// <summary>The interactive prompt, as virsh's (scripts that drive virsh interactively work unchanged).</summary>
    public const string Prompt = "virsh # ", ReadOnlyPrompt = "virsh > ";

    public static async Task<int> Main(string[] args)
    {
        var output = ShellOutput.ForConsole();
        Vireo.Client.Auth.SaslAuthenticator.Prompt = Runtime.TerminalPrompt.Ask; // SASL user/password on the terminal
        try
        {
            return await RunAsync(args, output).ConfigureAwait(false);
        }
        finally
        {
            output.Flush();
        }
    }

    /// <summary>The whole program against a given output (tests use string writers).</summary>
    public static async Task<int> RunAsync(IReadOnlyList<string> args, ShellOutput output, string progname = "vsh")
    {
        switch (GlobalOptions.Parse(args, output.Error, out var options))
        {
            case GlobalParseResult.Help:
                output.Print(Usage.Text(progname));
                return 0;
            case GlobalParseResult.Version:
                output.Print(Usage.CompatVersion + "\n");
                return 0;
            case GlobalParseResult.LongVersion:
                output.Print(Usage.LongVersion(progname));
                return 0;
            case GlobalParseResult.Error:
                return 1;
        }

        output.ProgramName = progname;
        if (options.LogFile is not null)
        {
            try
            {
                output.Log = new StreamWriter(new FileStream(options.LogFile, FileMode.Append, FileAccess.Write, FileShare.ReadWrite)) { NewLine = "\n" };
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                output.Error("failed to open the log file. check the log file path");
                return 1;
            }
        }
        await using var session = new ShellSession(output, options);
        List<ParsedCommand>? commands = null;
        if (options.Command.Count > 0)
        {
            if (options.Command.Count == 1 && options.Command[0].Length == 0) return 1;
            commands = session.Parse(options.Command.Count == 1
                ? new StringTokenSource(options.Command[0], output.Error)
                : new ArgvTokenSource(options.Command));
            if (commands is null) return 1;
        }

        // virsh connects at start-up only when a URI was named; otherwise on the first command that needs it
        if (options.ConnectUri is not null && !await session.ReconnectAsync(null, false, false).ConfigureAwait(false))
        {
            session.ReportError();
            return 1;
        }

        if (commands is not null) return await session.RunAsync(commands).ConfigureAwait(false) ? 0 : 1;
        await InteractiveAsync(session, progname).ConfigureAwait(false);
        return 0;
    }

    /// <summary>The interactive loop: welcome banner, prompt, history, until quit/exit or end of input.</summary>
    private static async Task InteractiveAsync(ShellSession session, string progname)
    {
        var output = session.Output;
        session.Interactive = true;
        if (!session.Options.Quiet)
        {
            output.Print($"Welcome to {progname}, the virtualization interactive terminal.\n\n");
            output.Print("Type:  'help' for help with commands\n       'quit' to quit\n\n");
        }
        var history = new ShellHistory(ShellHistory.DefaultFile());
        history.Load();
        var names = CommandTable.Groups.SelectMany(g => g.Commands)
            .Where(c => (c.Flags & (CommandFlags.Alias | CommandFlags.Hidden)) == 0).Select(c => c.Name).ToList();
        var reader = new LineReader(history, output.Out, prefix => names.Where(n => n.StartsWith(prefix, StringComparison.Ordinal)));
        while (session.Interactive)
        {
            var line = reader.ReadLine(session.ReadOnly ? ReadOnlyPrompt : Prompt);
            if (line is null) break;
            if (line.Length == 0) continue;
            history.Add(line);
            var commands = session.Parse(new StringTokenSource(line, output.Error));
            if (commands is not null) await session.RunAsync(commands).ConfigureAwait(false);
            output.Flush();
        }
        output.Print("\n");
        history.Save();
    }
}
