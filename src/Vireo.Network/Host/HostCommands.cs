using System.Diagnostics;

namespace Vireo.Network.Host;

/// <summary>A host command that exited non-zero; the message carries its argv and stderr.</summary>
public sealed class HostCommandException(string command, int exitCode, string stderr)
    : Exception($"{command}: {(stderr.Length > 0 ? stderr : "exit status " + exitCode)}")
{
    public int ExitCode { get; } = exitCode;
    public string StdErr { get; } = stderr;
}

/// <summary>
/// Runs the host tools the network plumbing uses (ip, nft, sysctl, dnsmasq) from an argv, never a shell. With a
/// <see cref="Namespace"/> every command runs inside that named network namespace (ip netns exec), which is how
/// tests drive the real plumbing in-process without touching the host's own interfaces.
/// </summary>
public sealed class HostCommands(string? netns = null)
{
    /// <summary>The named network namespace commands run in, or null for the daemon's own.</summary>
    public string? Namespace { get; } = netns;

    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    /// <summary>Runs argv; throws <see cref="HostCommandException"/> unless it exits 0. Returns stdout.</summary>
    public async Task<string> RunAsync(IReadOnlyList<string> argv, string? stdin = null)
    {
        var (code, stdout, stderr) = await TryRunAsync(argv, stdin).ConfigureAwait(false);
        if (code != 0)
            throw new HostCommandException(string.Join(' ', argv), code, stderr.Trim());
        return stdout;
    }

    /// <summary>Runs argv and returns its exit status and output, whatever the status.</summary>
    public async Task<(int Code, string StdOut, string StdErr)> TryRunAsync(IReadOnlyList<string> argv, string? stdin = null)
    {
        var psi = new ProcessStartInfo(Namespace is null ? argv[0] : "ip")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = stdin is not null,
            UseShellExecute = false,
        };
        if (Namespace is not null)
        {
            psi.ArgumentList.Add("netns");
            psi.ArgumentList.Add("exec");
            psi.ArgumentList.Add(Namespace);
            psi.ArgumentList.Add(argv[0]);
        }
        foreach (var a in argv.Skip(1))
            psi.ArgumentList.Add(a);
        using var p = Process.Start(psi) ?? throw new HostCommandException(argv[0], -1, "cannot start");
        var outTask = p.StandardOutput.ReadToEndAsync();
        var errTask = p.StandardError.ReadToEndAsync();
        if (stdin is not null)
        {
            await p.StandardInput.WriteAsync(stdin).ConfigureAwait(false);
            p.StandardInput.Close();
        }
        using var cts = new CancellationTokenSource(Timeout);
        try
        {
            await p.WaitForExitAsync(cts.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            p.Kill(entireProcessTree: true);
            throw new HostCommandException(string.Join(' ', argv), -1, $"timed out after {Timeout.TotalSeconds} s");
        }
        return (p.ExitCode, await outTask.ConfigureAwait(false), await errTask.ConfigureAwait(false));
    }
}
