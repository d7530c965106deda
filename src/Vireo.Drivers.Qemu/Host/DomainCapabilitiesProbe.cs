using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using Vireo.Drivers.Qemu.Qmp;

namespace Vireo.Drivers.Qemu.Host;

/// <summary>A machine type the emulator offers (query-machines).</summary>
public sealed record EmulatorMachine(string Name, string? Alias, bool IsDefault, int CpuMax);

/// <summary>A CPU model the emulator offers (query-cpu-definitions); usable when nothing it needs is unavailable.</summary>
public sealed record EmulatorCpuModel(string Name, bool Usable);

/// <summary>What QMP says about one emulator binary, asked once per path and modification time.</summary>
public sealed record EmulatorCapabilities(string Path, IReadOnlyList<EmulatorMachine> Machines, IReadOnlyList<EmulatorCpuModel> CpuModels, bool KvmPresent)
{
    /// <summary>The machine a name stands for: the canonical name when it is an alias ("pc" → pc-i440fx-7.2); null when unknown.</summary>
    public EmulatorMachine? Resolve(string? name)
    {
        if (name is null)
            return Machines.FirstOrDefault(m => m.IsDefault) ?? Machines.FirstOrDefault(m => m.Alias == "pc");
        return Machines.FirstOrDefault(m => m.Alias == name) ?? Machines.FirstOrDefault(m => m.Name == name);
    }
}

/// <summary>
/// Starts the emulator with no machine (-machine none) and a QMP socket, asks query-machines, query-cpu-definitions
/// and query-kvm, and stops it — the same probe libvirt runs. Results are cached per emulator path and mtime.
/// </summary>
public static class DomainCapabilitiesProbe
{
    private static readonly ConcurrentDictionary<(string Path, DateTime MTime), Lazy<Task<EmulatorCapabilities>>> Cache = new();

    public static Task<EmulatorCapabilities> GetAsync(string emulator)
    {
        DateTime mtime = File.GetLastWriteTimeUtc(emulator);
        return Cache.GetOrAdd((emulator, mtime), k => new Lazy<Task<EmulatorCapabilities>>(() => ProbeAsync(k.Path))).Value;
    }

    private static async Task<EmulatorCapabilities> ProbeAsync(string emulator)
    {
        string dir = Directory.CreateTempSubdirectory("vireo-qmp-probe-").FullName;
        string socket = System.IO.Path.Combine(dir, "qmp.sock");
        var psi = new ProcessStartInfo(emulator) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in new[] { "-S", "-no-user-config", "-nodefaults", "-nographic", "-machine", "none", "-qmp", $"unix:{socket},server=on,wait=off" })
            psi.ArgumentList.Add(a);
        Process? qemu = null;
        try
        {
            qemu = Process.Start(psi) ?? throw QemuErrors.Internal($"failed to start {emulator}");
            _ = qemu.StandardOutput.ReadToEndAsync();
            var stderr = qemu.StandardError.ReadToEndAsync();
            QmpClient qmp;
            try
            {
                qmp = await QmpClient.ConnectWithRetryAsync(socket, TimeSpan.FromSeconds(30)).ConfigureAwait(false);
            }
            catch (Exception e) when (e is System.Net.Sockets.SocketException or QmpDisconnectedException or IOException)
            {
                throw QemuErrors.Internal($"failed to probe capabilities of {emulator}: {(qemu.HasExited ? (await stderr.ConfigureAwait(false)).Trim() : e.Message)}");
            }
            await using (qmp.ConfigureAwait(false))
            {
                var machines = new List<EmulatorMachine>();
                foreach (var m in (await qmp.ExecuteAsync("query-machines", null).ConfigureAwait(false)).EnumerateArray())
                    machines.Add(new EmulatorMachine(m.GetProperty("name").GetString()!,
                        m.TryGetProperty("alias", out var al) ? al.GetString() : null,
                        m.TryGetProperty("is-default", out var d) && d.GetBoolean(),
                        m.TryGetProperty("cpu-max", out var c) ? c.GetInt32() : 1));
                var cpus = new List<EmulatorCpuModel>();
                foreach (var m in (await qmp.ExecuteAsync("query-cpu-definitions", null).ConfigureAwait(false)).EnumerateArray())
                    cpus.Add(new EmulatorCpuModel(m.GetProperty("name").GetString()!,
                        !m.TryGetProperty("unavailable-features", out var u) || u.GetArrayLength() == 0));
                var kvm = await qmp.ExecuteAsync("query-kvm", null).ConfigureAwait(false);
                bool kvmPresent = kvm.GetProperty("present").GetBoolean();
                try
                {
                    await qmp.ExecuteAsync("quit", null).ConfigureAwait(false);
                }
                catch (IOException)
                {
                    // QEMU may close the monitor before its reply to quit arrives.
                }
                return new EmulatorCapabilities(emulator, machines, cpus, kvmPresent);
            }
        }
        finally
        {
            if (qemu is { HasExited: false })
                qemu.Kill();
            qemu?.Dispose();
            Directory.Delete(dir, recursive: true);
        }
    }
}
