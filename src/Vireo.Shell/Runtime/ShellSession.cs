using System.Diagnostics;
using System.Globalization;
using Vireo.Client.Api;
using Vireo.Protocol.Errors;
using Vireo.Shell.Commands;
using Vireo.Shell.Definitions;
using Vireo.Shell.Parsing;

namespace Vireo.Shell.Runtime;

/// <summary>
/// The state of one vsh process (virsh's vshControl + virshControl): settings from the command line, the
/// connection (opened lazily, reopened after a disconnect), the last libvirt error, and the command runner.
/// </summary>
public sealed class ShellSession : IAsyncDisposable
{
    /// <summary>The URI used when neither -c nor an environment variable names one.</summary>
    public const string BuiltinDefaultUri = "qemu:///system";

    private bool _disconnected;

    public ShellSession(ShellOutput output, ShellOptions options)
    {
        Output = output;
        Options = options;
        Output.Quiet = options.Quiet;
        ConnectUri = options.ConnectUri ?? DefaultUri();
        ReadOnly = options.ReadOnly;
    }

    public ShellOutput Output { get; }

    public ShellOptions Options { get; }

    /// <summary>The URI the next connection opens (virsh's connname).</summary>
    public string ConnectUri { get; private set; }

    /// <summary>The read-only setting of the current (or next) connection.</summary>
    public bool ReadOnly { get; private set; }

    /// <summary>The open connection, or null before the first command that needs one.</summary>
    public Connection? Connection { get; private set; }

    /// <summary>The error of the last failed API call, printed when the command fails (virsh's last_error).</summary>
    public LibvirtException? LastError { get; set; }

    /// <summary>True while the interactive loop should keep reading (cleared by quit/exit).</summary>
    public bool Interactive { get; set; }

    /// <summary>--json: machine-readable output for list and info commands.</summary>
    public bool Json => Options.Json;

    /// <summary>The default URI: $VIREO_DEFAULT_URI, $VIRSH_DEFAULT_CONNECT_URI, $LIBVIRT_DEFAULT_URI, then qemu:///system.</summary>
    public static string DefaultUri()
    {
        foreach (var name in new[] { "VIREO_DEFAULT_URI", "VIRSH_DEFAULT_CONNECT_URI", "LIBVIRT_DEFAULT_URI" })
        {
            var v = Environment.GetEnvironmentVariable(name);
            if (!string.IsNullOrEmpty(v)) return v;
        }
        return BuiltinDefaultUri;
    }

    /// <summary>virshConnectionHandler: the usable connection, connecting (or reconnecting) first when needed.</summary>
    public async Task<Connection?> GetConnectionAsync()
    {
        if ((Connection is null || _disconnected) && !await ReconnectAsync(null, false, false).ConfigureAwait(false))
            return null;
        if (Connection is null || !Connection.IsAlive)
        {
            Output.Error("no valid connection");
            return null;
        }
        return Connection;
    }

    /// <summary>
    /// virshReconnect: closes the current connection and opens <paramref name="uri"/> (or the current URI).
    /// Without an explicit URI the read-only setting is kept.
    /// </summary>
    public async Task<bool> ReconnectAsync(string? uri, bool readOnly, bool force)
    {
        if (!readOnly && uri is null) readOnly = ReadOnly;
        bool connected = false;
        if (Connection is { } old)
        {
            connected = true;
            Connection = null;
            await old.DisposeAsync().ConfigureAwait(false);
        }
        try
        {
            int interval = Options.KeepaliveInterval >= 0 ? Options.KeepaliveInterval : 5;
            int count = Options.KeepaliveCount >= 0 ? Options.KeepaliveCount : 6;
            Connection = await Connection.OpenAsync(uri ?? ConnectUri, readOnly, interval, count).ConfigureAwait(false);
        }
        catch (LibvirtException e)
        {
            LastError = e;
            Output.Error(_disconnected ? "Failed to reconnect to the hypervisor" : "failed to connect to the hypervisor");
            return false;
        }
        if (uri is not null) ConnectUri = uri;
        ReadOnly = readOnly;
        var conn = Connection;
        conn.Disconnected += reason => OnDisconnected(conn, reason);
        if (connected && !force) Output.Error("Reconnected to the hypervisor");
        _disconnected = false;
        return true;
    }

    /// <summary>virshCatchDisconnect: reports a connection the server dropped; the next command reconnects.</summary>
    private void OnDisconnected(Connection conn, ConnectionCloseReason reason)
    {
        if (!ReferenceEquals(conn, Connection)) return;
        string what = reason switch
        {
            ConnectionCloseReason.Eof => "end of file",
            ConnectionCloseReason.Keepalive => "keepalive timeout",
            _ => "I/O error",
        };
        Output.Error($"Disconnected from {conn.Uri.Original} due to {what}");
        _disconnected = true;
        DisconnectedSignal.TrySetResult();
    }

    /// <summary>Completed when the connection is lost (commands waiting for events stop then).</summary>
    public TaskCompletionSource DisconnectedSignal { get; private set; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Parses a command line (argv words or one string) with virsh's grammar; null on a syntax error.</summary>
    public List<ParsedCommand>? Parse(ITokenSource source)
    {
        var commands = new CommandParser(CommandTable.Find, Output.Error).Parse(source);
        // vshDebug(VSH_ERR_INFO) of each option, shown and logged only at -d 0 or 1
        if (commands is not null && Options.Debug <= 1)
        {
            foreach (var c in commands)
            {
                foreach (var o in c.Options)
                {
                    bool isBool = o.Def.Type == OptionType.Bool;
                    string line = $"{c.Name}: {o.Def.Name}({(isBool ? "bool" : "optdata")}): {(isBool ? "(none)" : o.Value)}\n";
                    Output.WriteLog("INFO", line);
                    Output.Print(line);
                }
            }
        }
        return commands;
    }

    /// <summary>
    /// vshCommandRun: runs the commands in order; after each one prints the last libvirt error if it failed, and a
    /// blank line (or timing) unless quiet. Returns the status of the last command.
    /// </summary>
    public async Task<bool> RunAsync(IReadOnlyList<ParsedCommand> commands)
    {
        bool ret = true;
        foreach (var cmd in commands)
        {
            var sw = Stopwatch.StartNew();
            LastError = null;
            if (cmd.Def.Flags.HasFlag(CommandFlags.NoConnect) || await GetConnectionAsync().ConfigureAwait(false) is not null)
                ret = await InvokeAsync(cmd).ConfigureAwait(false);
            else
                ret = false;
            sw.Stop();

            if (!ret && LastError is { } e &&
                (e.Code is ErrorCode.Rpc or ErrorCode.NoConnect or ErrorCode.InvalidConn ||
                 e.Code == ErrorCode.SystemError && e.Domain == ErrorDomain.Remote))
                _disconnected = true;
            if (!ret) ReportError();
            if (cmd.Name is "quit" or "exit")
            {
                Output.Flush();
                return ret;
            }
            if (Options.Timing)
                Output.Print(string.Format(CultureInfo.InvariantCulture, "\n(Time: {0:F3} ms)\n\n", sw.Elapsed.TotalMilliseconds));
            else
                Output.PrintExtra("\n");
            Output.Flush();
        }
        return ret;
    }

    private async Task<bool> InvokeAsync(ParsedCommand cmd)
    {
        var handler = CommandHandlers.Find(cmd.Name);
        if (handler is null)
        {
            Output.Error($"command '{cmd.Name}' is not supported by vsh yet");
            return false;
        }
        try
        {
            return await handler(new CommandContext(this, cmd)).ConfigureAwait(false);
        }
        catch (LibvirtException e)
        {
            LastError = e;
            return false;
        }
    }

    /// <summary>vshReportError: prints the saved libvirt error, if any, and forgets it.</summary>
    public void ReportError()
    {
        if (LastError is { } e) Output.Error(e.Code == ErrorCode.Ok ? "unknown error" : e.Message);
        LastError = null;
    }

    public async ValueTask DisposeAsync()
    {
        if (Connection is { } c)
        {
            Connection = null;
            try
            {
                await c.DisposeAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (e is LibvirtException or IOException or ObjectDisposedException)
            {
                // closing a connection the server already dropped
            }
        }
        Output.Flush();
        Output.Log?.Dispose();
    }
}
