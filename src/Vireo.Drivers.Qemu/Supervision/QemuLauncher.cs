using System.Diagnostics;
using System.Globalization;
using System.Text;
using Vireo.Drivers.Qemu.CommandLine;

namespace Vireo.Drivers.Qemu.Supervision;

/// <summary>
/// Starts QEMU detached: through /bin/sh (to point stdin at /dev/null and stdout/stderr at the domain's log), with
/// -daemonize, so QEMU's own parent exits once the machine is initialised and the monitor listens; the daemon then
/// reads the pid file. QEMU runs in its own session and survives vireod.
/// </summary>
public static class QemuLauncher
{
    /// <summary>Launches <paramref name="command"/> (built with Daemonize, PidFile and LogFile set); returns QEMU's pid.</summary>
    /// <remarks><paramref name="passFiles"/>: character devices (macvtaps' /dev/tapN) the shell opens read-write on descriptors 3, 4, ... for QEMU.</remarks>
    public static async Task<int> LaunchAsync(QemuCommand command, string domainName, string logFile, string pidFile, TimeSpan timeout, CancellationToken ct = default,
        IReadOnlyList<string>? passFiles = null)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(logFile)!);
        File.Delete(pidFile);
        long logStart = File.Exists(logFile) ? new FileInfo(logFile).Length : 0;
        // libvirt's log format: a timestamped header, then the command as a shell line.
        await File.AppendAllTextAsync(logFile,
            $"{DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture)}+0000: starting up\n" +
            string.Join(" \\\n", command.Argv.Select(ArgvRenderer.Quote)) + "\n", ct).ConfigureAwait(false);

        var psi = new ProcessStartInfo("/bin/sh") { UseShellExecute = false };
        psi.ArgumentList.Add("-c");
        var opens = string.Concat((passFiles ?? []).Select((_, i) => $" {MacvtapFds.First + i}<>\"$VIREO_FD_{MacvtapFds.First + i}\""));
        psi.ArgumentList.Add("exec \"$@\" </dev/null >>\"$VIREO_QEMU_LOG\" 2>&1" + opens);
        psi.ArgumentList.Add("qemu");
        foreach (var a in command.Argv)
            psi.ArgumentList.Add(a);
        psi.Environment["VIREO_QEMU_LOG"] = logFile;
        for (int i = 0; i < (passFiles?.Count ?? 0); i++)
            psi.Environment[$"VIREO_FD_{MacvtapFds.First + i}"] = passFiles![i];
        psi.Environment["LC_ALL"] = "C";

        using var proc = System.Diagnostics.Process.Start(psi)
            ?? throw QemuErrors.Internal($"cannot start {command.Emulator} for domain '{domainName}'");
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(timeout);
        try
        {
            await proc.WaitForExitAsync(cts.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            try
            {
                proc.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
            }
            throw QemuErrors.Timeout($"QEMU for domain '{domainName}' did not finish starting within {timeout.TotalSeconds:0} s (log: {logFile})");
        }
        if (proc.ExitCode != 0)
            throw QemuErrors.Internal($"process exited while connecting to monitor: {LogSince(logFile, logStart)}");
        if (!int.TryParse((await File.ReadAllTextAsync(pidFile, ct).ConfigureAwait(false)).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            throw QemuErrors.Internal($"QEMU for domain '{domainName}' wrote no valid pid to {pidFile}");
        return pid;
    }

    /// <summary>What QEMU printed since <paramref name="offset"/> (its error), without our own header lines.</summary>
    internal static string LogSince(string logFile, long offset)
    {
        try
        {
            using var fs = new FileStream(logFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            fs.Seek(offset, SeekOrigin.Begin);
            using var sr = new StreamReader(fs, Encoding.UTF8);
            var lines = sr.ReadToEnd().Split('\n')
                .Where(l => l.Contains("qemu-system", StringComparison.Ordinal) && l.Contains(": ", StringComparison.Ordinal) && !l.EndsWith('\\'))
                .ToList();
            return lines.Count > 0 ? string.Join("\n", lines).Trim() : "(no output from QEMU; see " + logFile + ")";
        }
        catch (IOException)
        {
            return "(no log at " + logFile + ")";
        }
    }
}
