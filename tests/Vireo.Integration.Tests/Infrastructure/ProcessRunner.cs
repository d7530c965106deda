using System.Diagnostics;
using System.Text;

namespace Vireo.Integration.Tests.Infrastructure;

/// <summary>
/// Runs a command to completion with a deadline (the child is killed, with its children, when the deadline
/// passes), feeding it optional stdin and returning exit status, stdout and stderr. Nothing here waits
/// without a deadline, so a hanging daemon fails a test instead of hanging the run.
/// </summary>
public static class ProcessRunner
{
    /// <summary>Deadline used when none is given.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);

    /// <summary>The real virsh (Debian libvirt-clients 9.0).</summary>
    public const string VirshPath = "/usr/bin/virsh";

    /// <summary>Debian's python3 (python3-libvirt is installed for it, not for a pyenv python on PATH).</summary>
    public const string PythonPath = "/usr/bin/python3";

    /// <summary>
    /// Environment for libvirt clients: C locale (libvirt-l10n would translate messages) and none of the
    /// variables that change which daemon a client talks to.
    /// </summary>
    public static IReadOnlyDictionary<string, string?> LibvirtClientEnvironment { get; } = new Dictionary<string, string?>
    {
        ["LC_ALL"] = "C",
        ["LANG"] = "C",
        ["LANGUAGE"] = null,
        ["LIBVIRT_DEFAULT_URI"] = null,
        ["VIRSH_DEFAULT_CONNECT_URI"] = null,
        ["VIREO_DEFAULT_URI"] = null,
        ["LIBVIRT_AUTH_FILE"] = null,
        ["LIBVIRT_DEBUG"] = null,
        ["LIBVIRT_LOG_OUTPUTS"] = null,
        ["LIBVIRT_LOG_FILTERS"] = null,
        ["VIRSH_DEBUG"] = null,
        ["VIRSH_LOG_FILE"] = null,
    };

    /// <summary>Runs <paramref name="fileName"/> with <paramref name="arguments"/> and waits for it (bounded).</summary>
    /// <param name="fileName">program path (or name looked up in PATH)</param>
    /// <param name="arguments">arguments, passed as-is (no shell)</param>
    /// <param name="stdin">text written to stdin, which is then closed; null = empty stdin</param>
    /// <param name="environment">variables to set; a null value removes the variable</param>
    /// <param name="timeout">deadline; the process tree is killed when it passes (default 60 s)</param>
    /// <param name="workingDirectory">working directory (default: current)</param>
    /// <param name="mergeStderr">send stderr into stdout, preserving the interleaving (runs via /bin/sh)</param>
    public static async Task<ProcessResult> RunAsync(
        string fileName,
        IEnumerable<string> arguments,
        string? stdin = null,
        IReadOnlyDictionary<string, string?>? environment = null,
        TimeSpan? timeout = null,
        string? workingDirectory = null,
        bool mergeStderr = false)
    {
        var args = arguments.ToList();
        var limit = timeout ?? DefaultTimeout;
        var psi = new ProcessStartInfo
        {
            FileName = mergeStderr ? "/bin/sh" : fileName,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        if (mergeStderr)
        {
            // one pipe for both streams, so the order of "error:" lines relative to output is kept
            psi.ArgumentList.Add("-c");
            psi.ArgumentList.Add("exec \"$0\" \"$@\" 2>&1");
            psi.ArgumentList.Add(fileName);
        }

        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        if (workingDirectory != null)
        {
            psi.WorkingDirectory = workingDirectory;
        }

        if (environment != null)
        {
            foreach (var (k, v) in environment)
            {
                if (v == null)
                {
                    psi.Environment.Remove(k);
                }
                else
                {
                    psi.Environment[k] = v;
                }
            }
        }

        long started = Environment.TickCount64; // for the report only, never asserted
        using var p = new Process { StartInfo = psi };
        try
        {
            p.Start();
        }
        catch (Exception e)
        {
            throw new InvalidOperationException($"cannot start {fileName}: {e.Message}", e);
        }

        var stdoutTask = p.StandardOutput.ReadToEndAsync();
        var stderrTask = p.StandardError.ReadToEndAsync();
        try
        {
            if (stdin != null)
            {
                await p.StandardInput.WriteAsync(stdin);
            }

            p.StandardInput.Close();
        }
        catch (IOException)
        {
            // the child exited without reading its input: its exit status tells the story
        }

        var timedOut = false;
        using (var cts = new CancellationTokenSource(limit))
        {
            try
            {
                await p.WaitForExitAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                timedOut = true;
                try
                {
                    p.Kill(entireProcessTree: true);
                }
                catch (InvalidOperationException)
                {
                    // exited in the meantime
                }

                using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                await p.WaitForExitAsync(grace.Token);
            }
        }

        // the pipes close when the process (and any child that inherited them) is gone; bounded all the same
        var drained = Task.WhenAll(stdoutTask, stderrTask);
        if (await Task.WhenAny(drained, Task.Delay(TimeSpan.FromSeconds(10))) != drained)
        {
            timedOut = true;
        }

        var elapsed = TimeSpan.FromMilliseconds(Environment.TickCount64 - started);
        return new ProcessResult(
            fileName,
            args,
            timedOut ? -1 : p.ExitCode,
            stdoutTask.IsCompletedSuccessfully ? stdoutTask.Result : "",
            stderrTask.IsCompletedSuccessfully ? stderrTask.Result : "",
            timedOut,
            elapsed);
    }

    /// <summary>Synchronous <see cref="RunAsync"/>.</summary>
    public static ProcessResult Run(
        string fileName,
        IEnumerable<string> arguments,
        string? stdin = null,
        IReadOnlyDictionary<string, string?>? environment = null,
        TimeSpan? timeout = null,
        string? workingDirectory = null,
        bool mergeStderr = false) =>
        RunAsync(fileName, arguments, stdin, environment, timeout, workingDirectory, mergeStderr).GetAwaiter().GetResult();

    /// <summary>Runs the real virsh: <c>/usr/bin/virsh -c URI ARGS...</c> (C locale, default-URI variables unset).</summary>
    public static ProcessResult Virsh(string uri, params string[] args) =>
        Run(VirshPath, new[] { "-c", uri }.Concat(args), environment: LibvirtClientEnvironment);

    /// <summary>Like <see cref="Virsh"/> with a deadline, optional stdin and stderr merged into stdout.</summary>
    public static ProcessResult Virsh(string uri, IEnumerable<string> args, TimeSpan? timeout, string? stdin = null, bool mergeStderr = false) =>
        Run(VirshPath, new[] { "-c", uri }.Concat(args), stdin, LibvirtClientEnvironment, timeout, mergeStderr: mergeStderr);

    /// <summary>Runs a python script text with Debian's python3 (which has the libvirt module): <c>python3 -c SCRIPT ARGS...</c>.</summary>
    public static ProcessResult Python(string script, params string[] args) =>
        Run(PythonPath, new[] { "-c", script }.Concat(args), environment: LibvirtClientEnvironment);

    /// <summary>Like <see cref="Python(string, string[])"/> with a deadline and stdin.</summary>
    public static ProcessResult Python(string script, IEnumerable<string> args, TimeSpan? timeout, string? stdin = null) =>
        Run(PythonPath, new[] { "-c", script }.Concat(args), stdin, LibvirtClientEnvironment, timeout);
}
