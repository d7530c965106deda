using System.Globalization;
using Vireo.Drivers.Domains;
using Vireo.Drivers.Qemu.Qmp;
using Vireo.Drivers.Qemu.Supervision;
using Vireo.Model.Domain;
using Vireo.Protocol.Errors;

namespace Vireo.Drivers.Qemu.Domains;

/// <summary>
/// setvcpus (live CPU hotplug through query-hotpluggable-cpus + device_add/device_del, --config, --maximum),
/// vcpupin and emulatorpin (sched_setaffinity on QEMU's threads live, &lt;cputune&gt; in the config), and the
/// pinning applied when QEMU starts.
/// </summary>
public sealed partial class QemuDomainDriver
{
    private static int HostCpus => Environment.ProcessorCount;

    public async Task SetVcpusFlagsAsync(DomainRef dom, uint nvcpus, uint flags)
    {
        QemuErrors.CheckFlags(flags, DomainFlags.AffectLive | DomainFlags.AffectConfig | DomainFlags.VcpuMaximum | DomainFlags.VcpuGuest | DomainFlags.VcpuHotpluggable,
            "qemuDomainSetVcpusFlags");
        if (nvcpus == 0)
            throw QemuErrors.InvalidArg("requested vcpu count must be at least 1");
        if ((flags & DomainFlags.VcpuGuest) != 0)
        {
            if ((flags & (DomainFlags.AffectConfig | DomainFlags.VcpuMaximum)) != 0)
                throw QemuErrors.InvalidArg("flags 'VIR_DOMAIN_VCPU_GUEST' and 'VIR_DOMAIN_AFFECT_CONFIG' or 'VIR_DOMAIN_VCPU_MAXIMUM' are mutually exclusive");
            await SetGuestVcpusCountAsync(GetLocked(dom), nvcpus).ConfigureAwait(false);
            return;
        }
        bool maximum = (flags & DomainFlags.VcpuMaximum) != 0;
        var d = GetLocked(dom);
        await d.Job.WaitAsync().ConfigureAwait(false);
        try
        {
            DomainDefinition? config = null;
            QmpClient? qmp = null;
            int pid = 0;
            lock (_lock)
            {
                var (live, cfg) = Impact(d, flags);
                if (live && maximum)
                    throw QemuErrors.Invalid("maximum vcpu count of a live domain can't be modified", ErrorDomain.Qemu);
                if (cfg)
                {
                    config = d.Persistent!.Clone();
                    if (maximum)
                    {
                        if (config.Cpu?.Sockets is { } s && s * (config.Cpu.Dies ?? 1) * (config.Cpu.Cores ?? 1) * (config.Cpu.Threads ?? 1) != nvcpus)
                            throw QemuErrors.Unsupported("CPU topology doesn't match the desired vcpu count");
                        config.Vcpus = nvcpus;
                        if (config.VcpusCurrent is { } c && c >= nvcpus)
                            config.VcpusCurrent = null;
                        CpuTune.TrimVcpuPins(config, nvcpus);
                    }
                    else
                    {
                        if (nvcpus > config.Vcpus)
                            throw QemuErrors.InvalidArg($"requested vcpus is greater than max allowable vcpus for the persistent domain: {nvcpus} > {config.Vcpus}");
                        config.VcpusCurrent = nvcpus == config.Vcpus ? null : nvcpus;
                    }
                }
                if (live)
                {
                    if (nvcpus > d.Live!.Vcpus)
                        throw QemuErrors.InvalidArg($"requested vcpus is greater than max allowable vcpus for the live domain: {nvcpus} > {d.Live.Vcpus}");
                    qmp = d.Monitor ?? throw QemuErrors.NotRunning();
                    pid = d.Pid;
                }
            }
            if (qmp is not null)
            {
                await HotplugVcpusAsync(qmp, (int)nvcpus).ConfigureAwait(false);
                DomainDefinition? liveDef;
                lock (_lock)
                    liveDef = d.Live?.Clone();
                if (liveDef is not null)
                    await ApplyVcpuPinsAsync(liveDef, qmp).ConfigureAwait(false);
            }
            lock (_lock)
            {
                if (qmp is not null && d.Live is not null)
                {
                    d.Live.VcpusCurrent = nvcpus == d.Live.Vcpus ? null : nvcpus;
                    SaveStatus(d);
                }
                if (config is not null && d.Persistent is not null)
                {
                    SaveConfig(config);
                    d.Persistent = config;
                }
            }
        }
        finally
        {
            d.Job.Release();
        }
    }

    /// <summary>Plugs free CPU slots (as vcpuN devices) or unplugs hot-plugged ones until <paramref name="wanted"/> vCPUs run.</summary>
    private static async Task HotplugVcpusAsync(QmpClient qmp, int wanted)
    {
        IReadOnlyList<HotpluggableCpu> slots = [];
        await Qmp(async () => slots = await qmp.QueryHotpluggableCpusAsync().ConfigureAwait(false)).ConfigureAwait(false);
        var plugged = slots.Where(s => s.QomPath is not null).ToList();
        int current = plugged.Count;
        if (wanted > current)
        {
            // Lowest topology ids first, so vCPU numbers grow in the order libvirt uses.
            var free = slots.Where(s => s.QomPath is null).Reverse().Take(wanted - current).ToList();
            for (int i = 0; i < free.Count; i++)
            {
                var slot = free[i];
                var props = new List<KeyValuePair<string, object>> { new("id", "vcpu" + (current + i).ToString(CultureInfo.InvariantCulture)) };
                props.AddRange(slot.Props.Select(p => new KeyValuePair<string, object>(p.Key, p.Value)));
                await Qmp(() => qmp.DeviceAddAsync(slot.Type, props)).ConfigureAwait(false);
            }
        }
        else if (wanted < current)
        {
            var removable = plugged.Where(s => s.QomPath!.StartsWith("/machine/peripheral/vcpu", StringComparison.Ordinal))
                .Select(s => s.QomPath!["/machine/peripheral/".Length..])
                .OrderByDescending(id => int.Parse(id["vcpu".Length..], CultureInfo.InvariantCulture)).ToList();
            if (current - wanted > removable.Count)
                throw QemuErrors.OperationFailed($"only {removable.Count} of the {current} running vCPUs were hotplugged and can be unplugged; {current - wanted} would have to go");
            foreach (var id in removable.Take(current - wanted))
                await UnplugAsync(qmp, id, async () =>
                    !(await qmp.QueryHotpluggableCpusAsync().ConfigureAwait(false)).Any(s => s.QomPath == "/machine/peripheral/" + id)).ConfigureAwait(false);
        }
    }

    public async Task PinVcpuFlagsAsync(DomainRef dom, uint vcpu, bool[] cpumap, uint flags)
    {
        QemuErrors.CheckFlags(flags, DomainFlags.AffectLive | DomainFlags.AffectConfig, "qemuDomainPinVcpuFlags");
        var map = FitMap(cpumap);
        await PinAsync(dom, flags, (def, live) =>
        {
            if (vcpu >= def.Vcpus)
                throw QemuErrors.InvalidArg($"vcpu {vcpu} is out of range of {(live ? "live" : "persistent")} cpu count {def.Vcpus}");
            CpuTune.SetVcpuPin(def, vcpu, map);
        }, async (qmp, pid) =>
        {
            var cpus = await qmp.QueryCpusFastAsync().ConfigureAwait(false);
            var thread = cpus.FirstOrDefault(c => c.CpuIndex == vcpu)
                ?? throw QemuErrors.InvalidArg($"vcpu {vcpu} is not online: plug it in with setvcpus first");
            Affinity.Set(thread.ThreadId, map);
        }).ConfigureAwait(false);
    }

    public Task<IReadOnlyList<bool[]>> GetVcpuPinInfoAsync(DomainRef dom, uint flags)
    {
        QemuErrors.CheckFlags(flags, DomainFlags.AffectLive | DomainFlags.AffectConfig, "qemuDomainGetVcpuPinInfo");
        return Read(dom, d =>
        {
            var def = PinDef(d, flags);
            var all = def.VcpuCpuset is { } set ? CpuTune.ParseCpuset(set, HostCpus) : Enumerable.Repeat(true, HostCpus).ToArray();
            return (IReadOnlyList<bool[]>)Enumerable.Range(0, (int)def.Vcpus).Select(i => CpuTune.VcpuPin(def, (uint)i, HostCpus) ?? all).ToList();
        });
    }

    /// <summary>emulatorpin: QEMU's threads that are not vCPUs (main loop, I/O, RCU ...).</summary>
    public async Task PinEmulatorAsync(DomainRef dom, bool[] cpumap, uint flags)
    {
        QemuErrors.CheckFlags(flags, DomainFlags.AffectLive | DomainFlags.AffectConfig, "qemuDomainPinEmulator");
        var map = FitMap(cpumap);
        await PinAsync(dom, flags, (def, _) => CpuTune.SetEmulatorPin(def, map), async (qmp, pid) =>
        {
            var vcpuThreads = (await qmp.QueryCpusFastAsync().ConfigureAwait(false)).Select(c => c.ThreadId).ToHashSet();
            foreach (var tid in Affinity.Threads(pid).Where(t => !vcpuThreads.Contains(t)))
                Affinity.Set(tid, map);
        }).ConfigureAwait(false);
    }

    public Task<bool[]> GetEmulatorPinInfoAsync(DomainRef dom, uint flags)
    {
        QemuErrors.CheckFlags(flags, DomainFlags.AffectLive | DomainFlags.AffectConfig, "qemuDomainGetEmulatorPinInfo");
        return Read(dom, d =>
        {
            var def = PinDef(d, flags);
            return CpuTune.EmulatorPin(def, HostCpus)
                ?? (def.VcpuCpuset is { } set ? CpuTune.ParseCpuset(set, HostCpus) : Enumerable.Repeat(true, HostCpus).ToArray());
        });
    }

    /// <summary>The pinning &lt;cputune&gt; asks for, applied to the running QEMU's threads (at start and after CPU hotplug).</summary>
    private static async Task ApplyVcpuPinsAsync(DomainDefinition live, QmpClient qmp, int pid = 0)
    {
        var cpus = await qmp.QueryCpusFastAsync().ConfigureAwait(false);
        foreach (var c in cpus)
            if (CpuTune.VcpuPin(live, (uint)c.CpuIndex, HostCpus) is { } map)
                Affinity.Set(c.ThreadId, map);
        if (pid > 0 && CpuTune.EmulatorPin(live, HostCpus) is { } emu)
        {
            var vcpuThreads = cpus.Select(c => c.ThreadId).ToHashSet();
            foreach (var tid in Affinity.Threads(pid).Where(t => !vcpuThreads.Contains(t)))
                Affinity.Set(tid, emu);
        }
    }

    private async Task PinAsync(DomainRef dom, uint flags, Action<DomainDefinition, bool> edit, Func<QmpClient, int, Task> applyLive)
    {
        var d = GetLocked(dom);
        await d.Job.WaitAsync().ConfigureAwait(false);
        try
        {
            DomainDefinition? config = null, live = null;
            QmpClient? qmp = null;
            int pid = 0;
            lock (_lock)
            {
                var (l, c) = Impact(d, flags);
                if (c)
                {
                    config = d.Persistent!.Clone();
                    edit(config, false);
                }
                if (l)
                {
                    live = d.Live!.Clone();
                    edit(live, true);
                    qmp = d.Monitor ?? throw QemuErrors.NotRunning();
                    pid = d.Pid;
                }
            }
            if (qmp is not null)
                await Qmp(() => applyLive(qmp, pid)).ConfigureAwait(false);
            lock (_lock)
            {
                if (live is not null && d.Live is not null)
                {
                    d.Live.ExtraElements.RemoveAll(e => e.Name == "cputune");
                    d.Live.ExtraElements.AddRange(live.ExtraElements.Where(e => e.Name == "cputune"));
                    SaveStatus(d);
                }
                if (config is not null && d.Persistent is not null)
                {
                    SaveConfig(config);
                    d.Persistent = config;
                }
            }
        }
        finally
        {
            d.Job.Release();
        }
    }

    private static DomainDefinition PinDef(QemuDomain d, uint flags)
    {
        if ((flags & DomainFlags.AffectLive) != 0 && (flags & DomainFlags.AffectConfig) != 0)
            throw QemuErrors.InvalidArg("flags 'affect live' and 'affect config' are mutually exclusive");
        if ((flags & DomainFlags.AffectLive) != 0)
            RequireActive(d);
        return (flags & DomainFlags.AffectConfig) != 0 || d.Live is null ? d.Persistent ?? d.Current : d.Live;
    }

    /// <summary>A client's CPU map cut or padded to the host's CPUs; an empty one is refused as libvirt does.</summary>
    private static bool[] FitMap(bool[] cpumap)
    {
        var map = new bool[HostCpus];
        for (int i = 0; i < map.Length && i < cpumap.Length; i++)
            map[i] = cpumap[i];
        if (!map.Any(b => b))
            throw QemuErrors.InvalidArg("Empty cpu list for pinning");
        return map;
    }
}
