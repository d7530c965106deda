using System.Diagnostics;
using System.Net.Sockets;
using System.Text;

namespace Vireo.Integration.Tests.Infrastructure;

/// <summary>
/// A long-running child process (a daemon under test): captures its stdout and stderr, waits for its UNIX
/// socket by polling with a deadline, and stops it with SIGTERM (then SIGKILL) on dispose.
/// </summary>
public sealed class DaemonProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly string _name;
    private bool _stopped;

    private DaemonProcess(string name, Process process)
    {
        _name = name;
        _process = process;
    }

    /// <summary>Process id (for a program started through setpriv this is the daemon itself: setpriv execs).</summary>
    public int Pid => _process.Id;

    /// <summary>True once the process has exited.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>Everything the process wrote to stdout and stderr so far, interleaved as received.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Starts the process described by <paramref name="psi"/> (stdout/stderr are redirected here).</summary>
    public static DaemonProcess Start(string name, ProcessStartInfo psi)
    {
        psi.UseShellExecute = false;
        psi.RedirectStandardOutput = true;
        psi.RedirectStandardError = true;
        psi.RedirectStandardInput = true;
        var p = new Process { StartInfo = psi, EnableRaisingEvents = true };
        var d = new DaemonProcess(name, p);
        p.OutputDataReceived += (_, e) => d.Append(e.Data);
        p.ErrorDataReceived += (_, e) => d.Append(e.Data);
        try
        {
            p.Start();
        }
        catch (Exception e)
        {
            throw new InvalidOperationException($"cannot start {name} ({psi.FileName}): {e.Message}", e);
        }

        p.StandardInput.Close();
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        return d;
    }

    /// <summary>
    /// Polls until <paramref name="socketPath"/> accepts a connection. Fails at once if the process exits
    /// and after <paramref name="timeout"/> otherwise; the message carries the process output and
    /// <paramref name="diagnostics"/> (e.g. the daemon's log file).
    /// </summary>
    public void WaitForSocket(string socketPath, TimeSpan timeout, Func<string>? diagnostics = null)
    {
        long until = Environment.TickCount64 + (long)timeout.TotalMilliseconds;
        string lastError = "socket file does not exist yet";
        while (true)
        {
            if (_process.HasExited)
            {
                DrainOutput();
                throw new InvalidOperationException(
                    $"{_name} exited with status {_process.ExitCode} before its socket {socketPath} appeared\n{Describe(diagnostics)}");
            }

            if (File.Exists(socketPath))
            {
                try
                {
                    using var s = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                    s.Connect(new UnixDomainSocketEndPoint(socketPath));
                    return;
                }
                catch (SocketException e)
                {
                    lastError = e.Message;
                }
            }

            if (Environment.TickCount64 > until)
            {
                throw new TimeoutException(
                    $"{_name} did not accept connections on {socketPath} within {timeout.TotalSeconds:0}s ({lastError})\n{Describe(diagnostics)}");
            }

            _process.WaitForExit(50);   // poll interval; returns early if the process dies
        }
    }

    /// <summary>After exit: waits (bounded) until the asynchronous readers have seen the end of stdout/stderr.</summary>
    private void DrainOutput()
    {
        // WaitForExit() without a timeout is the call that also waits for the output handlers; bound it,
        // since a grandchild could keep the pipes open
        Task.Run(() => _process.WaitForExit()).Wait(TimeSpan.FromSeconds(5));
    }

    /// <summary>A description for failure messages: pid, state, and the tail of the output.</summary>
    public string Describe(Func<string>? diagnostics = null)
    {
        var sb = new StringBuilder();
        sb.Append($"{_name} pid {Pid}: ").Append(_process.HasExited ? $"exited with status {_process.ExitCode}" : "running").Append('\n');
        var output = Output;
        sb.Append("--- output of ").Append(_name).Append(output.Length == 0 ? " (empty)\n" : ":\n");
        sb.Append(output.Length > 12000 ? "...\n" + output[^12000..] : output);
        if (diagnostics != null)
        {
            string extra;
            try
            {
                extra = diagnostics();
            }
            catch (Exception e)
            {
                extra = "(diagnostics failed: " + e.Message + ")";
            }

            sb.Append(extra);
        }

        return sb.ToString();
    }

    /// <summary>SIGTERM, wait up to <paramref name="grace"/>, then SIGKILL. Idempotent.</summary>
    public void Stop(TimeSpan grace)
    {
        if (_stopped)
        {
            return;
        }

        _stopped = true;
        try
        {
            if (!_process.HasExited)
            {
                Posix.Kill(_process.Id, Posix.SIGTERM);
                if (!_process.WaitForExit(grace))
                {
                    _process.Kill(entireProcessTree: true);
                    _process.WaitForExit(TimeSpan.FromSeconds(10));
                }
            }

            DrainOutput();
        }
        catch (InvalidOperationException)
        {
            // already gone
        }
    }

    public void Dispose()
    {
        Stop(TimeSpan.FromSeconds(10));
        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line == null)
        {
            return;
        }

        lock (_output)
        {
            _output.Append(line).Append('\n');
        }
    }
}
