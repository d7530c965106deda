using System.Diagnostics;

namespace Vireo.Storage.Host;

/// <summary>Runs a host tool (mount, mkfs, lvm2) from an argument vector, never through a shell.</summary>
internal static class HostCommand
{
    /// <summary>The result of one run.</summary>
    public sealed record Result(int ExitCode, string Stdout, string Stderr);

    /// <summary>Runs argv and returns what it printed; a tool that cannot be found is a libvirt "Cannot find" error.</summary>
    public static async Task<Result> RunAsync(IReadOnlyList<string> argv, CancellationToken ct = default)
    {
        var exe = Resolve(argv[0]) ?? throw StorageErrors.System($"Cannot find '{argv[0]}' in path", 2);
        var psi = new ProcessStartInfo(exe) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
        foreach (var a in argv.Skip(1))
            psi.ArgumentList.Add(a);
        psi.Environment["LC_ALL"] = "C";
        // lvm2 complains about every descriptor it inherits; the daemon's sockets are none of its business
        psi.Environment["LVM_SUPPRESS_FD_WARNINGS"] = "1";
        using var p = Process.Start(psi) ?? throw StorageErrors.Internal($"cannot run {argv[0]}");
        p.StandardInput.Close();
        var stdout = p.StandardOutput.ReadToEndAsync(ct);
        var stderr = p.StandardError.ReadToEndAsync(ct);
        await p.WaitForExitAsync(ct).ConfigureAwait(false);
        return new Result(p.ExitCode, await stdout.ConfigureAwait(false), await stderr.ConfigureAwait(false));
    }

    /// <summary>Runs argv and fails as libvirt's virCommandRun does when the exit status is not 0.</summary>
    public static async Task<string> RunCheckedAsync(IReadOnlyList<string> argv, CancellationToken ct = default)
    {
        var r = await RunAsync(argv, ct).ConfigureAwait(false);
        if (r.ExitCode != 0)
        {
            var exe = Resolve(argv[0]) ?? argv[0];
            throw StorageErrors.Internal($"Child process ({string.Join(' ', new[] { exe }.Concat(argv.Skip(1)))}) unexpected exit status {r.ExitCode}: {r.Stderr.Trim()}");
        }
        return r.Stdout;
    }

    /// <summary>True when the tool is installed (searched in PATH and the sbin directories).</summary>
    public static bool Exists(string tool) => Resolve(tool) is not null;

    private static string? Resolve(string tool)
    {
        if (tool.Contains('/'))
            return File.Exists(tool) ? tool : null;
        var path = (Environment.GetEnvironmentVariable("PATH") ?? "") + ":/usr/sbin:/sbin:/usr/bin:/bin";
        foreach (var dir in path.Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, tool);
            if (File.Exists(candidate))
                return candidate;
        }
        return null;
    }
}
