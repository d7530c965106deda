using System.Diagnostics;

namespace Vireo.Host;

/// <summary>The outcome of a KVM probe: whether a guest kernel really boots under KVM, and the fact behind it.</summary>
public sealed record KvmProbeResult(bool Usable, string Reason, TimeSpan Elapsed);

/// <summary>
/// Decides whether a type='kvm' domain can really use KVM. /dev/kvm existing is not enough: on nested machines
/// like this one KVM opens fine but a Linux guest hangs early in boot. So the probe boots the test guest (kernel +
/// initramfs from tests/guest/build.sh) with -accel kvm and waits, with a deadline, for its ready marker on the
/// serial console. Without a probe guest it can only check that /dev/kvm opens.
/// </summary>
public static class KvmProbe
{
    /// <summary>The marker the test guest prints when its init is up.</summary>
    public const string ReadyMarker = "VIREO-GUEST-READY";

    /// <summary>Runs the probe; never throws for a failed probe, it reports why.</summary>
    public static async Task<KvmProbeResult> ProbeAsync(string emulator, string? kernel, string? initrd, TimeSpan deadline, CancellationToken ct = default)
    {
        var sw = Stopwatch.StartNew();
        try
        {
            using var fs = new FileStream("/dev/kvm", FileMode.Open, FileAccess.ReadWrite);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new(false, $"/dev/kvm cannot be opened: {e.Message}", sw.Elapsed);
        }
        if (kernel is null || initrd is null || !File.Exists(kernel) || !File.Exists(initrd))
            return new(true, "/dev/kvm opens; no probe guest to verify that a kernel boots (build tests/guest/build.sh)", sw.Elapsed);

        var dir = Directory.CreateTempSubdirectory("vireo-kvm-probe-");
        var serial = Path.Combine(dir.FullName, "serial.log");
        var psi = new ProcessStartInfo(emulator) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in new[]
        {
            "-accel", "kvm", "-machine", "pc", "-m", "128", "-display", "none", "-nodefaults", "-no-user-config",
            "-serial", "file:" + serial, "-kernel", kernel, "-initrd", initrd, "-append", "console=ttyS0 panic=-1", "-no-reboot",
        })
            psi.ArgumentList.Add(a);
        System.Diagnostics.Process? proc = null;
        try
        {
            proc = System.Diagnostics.Process.Start(psi);
            if (proc is null)
                return new(false, $"cannot start {emulator}", sw.Elapsed);
            var stderr = proc.StandardError.ReadToEndAsync(ct);
            _ = proc.StandardOutput.ReadToEndAsync(ct);
            while (sw.Elapsed < deadline)
            {
                if (File.Exists(serial) && (await ReadShared(serial).ConfigureAwait(false)).Contains(ReadyMarker, StringComparison.Ordinal))
                    return new(true, $"a Linux guest booted under KVM in {sw.Elapsed.TotalSeconds:0.0} s", sw.Elapsed);
                if (proc.HasExited)
                    return new(false, $"QEMU with -accel kvm exited ({proc.ExitCode}): {(await stderr.ConfigureAwait(false)).Trim()}", sw.Elapsed);
                await Task.Delay(100, ct).ConfigureAwait(false);
            }
            return new(false, $"a Linux guest did not boot under KVM within {deadline.TotalSeconds:0} s (nested virtualization without working KVM?)", sw.Elapsed);
        }
        finally
        {
            if (proc is not null)
            {
                try
                {
                    if (!proc.HasExited)
                        proc.Kill();
                    await proc.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
                }
                catch (InvalidOperationException)
                {
                }
                proc.Dispose();
            }
            try
            {
                dir.Delete(recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    private static async Task<string> ReadShared(string path)
    {
        using var fs = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var sr = new StreamReader(fs);
        return await sr.ReadToEndAsync().ConfigureAwait(false);
    }
}
