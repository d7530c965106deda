using Vireo.Drivers.Domains;
using Vireo.Model.Domain;
using Vireo.Protocol.Errors;

namespace Vireo.Drivers.Test.Domains;

public sealed partial class TestDomainDriver
{
    /// <summary>
    /// testDomainSetMemoryFlags: the balloon (current memory) may not exceed &lt;memory&gt;; the maximum may only
    /// change in the config, and lowering it below the balloon pulls the balloon down with it.
    /// </summary>
    public Task SetMemoryFlagsAsync(DomainRef dom, ulong memoryKiB, uint flags)
    {
        if (memoryKiB == 0)
            throw TestErrors.NonZero("memory", "virDomainSetMemoryFlags");
        TestErrors.CheckFlags(flags, DomainFlags.AffectLive | DomainFlags.AffectConfig | DomainFlags.MemMaximum, "testDomainSetMemoryFlags");
        return Locked(dom, d =>
        {
            var def = OneDef(d, flags, out bool live);
            if ((flags & DomainFlags.MemMaximum) != 0)
            {
                if (live)
                    throw TestErrors.Invalid("cannot resize the maximum memory on an active domain");
                if (HasNumaCells(def))
                    throw TestErrors.Invalid("initial memory size of a domain with NUMA nodes cannot be modified with this API");
                if (def.MaxMemoryKiB is { } hotplugMax && hotplugMax > 0 && hotplugMax < memoryKiB)
                    throw TestErrors.Invalid("cannot set initial memory size greater than the maximum memory size");
                def.MemoryKiB = memoryKiB;
                if (def.CurrentMemoryKiB > memoryKiB)
                    def.CurrentMemoryKiB = memoryKiB;
            }
            else
            {
                if (memoryKiB > def.MemoryKiB)
                    throw TestErrors.InvalidArg("cannot set memory higher than max memory");
                def.CurrentMemoryKiB = memoryKiB;
            }
            return 0;
        });
    }

    private static bool HasNumaCells(DomainDefinition def) =>
        def.Cpu?.ExtraElements.Any(e => e.Name.LocalName == "numa" && e.Elements("cell").Any()) == true;

    /// <summary>
    /// testDomainSetVcpusFlags: with VIR_DOMAIN_VCPU_MAXIMUM the config's maximum changes, otherwise the number of
    /// online vCPUs of the live and/or persistent definition; never more than 32 nor than the maximum.
    /// </summary>
    public Task SetVcpusFlagsAsync(DomainRef dom, uint nvcpus, uint flags)
    {
        // Checks of the public API (virDomainSetVcpusFlags) come first.
        if ((flags & DomainFlags.VcpuMaximum) != 0 && (flags & DomainFlags.AffectConfig) == 0)
            throw new LibvirtException(ErrorCode.InvalidArg, ErrorDomain.Domain,
                "Flag 'VIR_DOMAIN_AFFECT_CONFIG' is required by flag 'VIR_DOMAIN_VCPU_MAXIMUM'");
        if (nvcpus == 0)
            throw TestErrors.NonZero("nvcpus", "virDomainSetVcpusFlags");
        TestErrors.CheckFlags(flags, DomainFlags.AffectLive | DomainFlags.AffectConfig | DomainFlags.VcpuMaximum, "testDomainSetVcpusFlags");
        if (nvcpus > TestLimits.MaxVcpus)
            throw TestErrors.InvalidArg($"requested cpu amount exceeds maximum supported amount ({nvcpus} > {TestLimits.MaxVcpus})");
        bool maximum = (flags & DomainFlags.VcpuMaximum) != 0;
        return Locked(dom, d =>
        {
            var (live, config) = Defs(d, flags);
            if (live is not null && live.Vcpus < nvcpus)
                throw TestErrors.InvalidArg($"requested cpu amount exceeds maximum ({nvcpus} > {live.Vcpus})");
            if (config is not null && !maximum && config.Vcpus < nvcpus)
                throw TestErrors.InvalidArg($"requested cpu amount exceeds maximum ({nvcpus} > {config.Vcpus})");
            if (live is not null)
                TestDomain.SetOnlineVcpus(live, nvcpus);
            if (config is not null)
            {
                if (maximum)
                    TestDomain.SetMaxVcpus(config, nvcpus);
                else
                    TestDomain.SetOnlineVcpus(config, nvcpus);
            }
            return 0;
        });
    }

    public Task<int> GetVcpusFlagsAsync(DomainRef dom, uint flags)
    {
        TestErrors.CheckFlags(flags, DomainFlags.AffectLive | DomainFlags.AffectConfig | DomainFlags.VcpuMaximum, "testDomainGetVcpusFlags");
        return Locked(dom, d =>
        {
            var def = OneDef(d, flags, out _);
            return (int)((flags & DomainFlags.VcpuMaximum) != 0 ? def.Vcpus : TestDomain.OnlineVcpus(def));
        });
    }

    /// <summary>testDomainGetMaxVcpus: the live maximum, so it fails for a shut-off domain.</summary>
    public Task<int> GetMaxVcpusAsync(DomainRef dom) => GetVcpusFlagsAsync(dom, DomainFlags.AffectLive | DomainFlags.VcpuMaximum);

    /// <summary>
    /// testDomainGetVcpus: one entry per online vCPU, all "running" on the last CPU of their affinity, with a
    /// fake CPU time that grows with the wall clock (microseconds / 10).
    /// </summary>
    public Task<IReadOnlyList<VcpuInfo>> GetVcpusAsync(DomainRef dom) => Locked<IReadOnlyList<VcpuInfo>>(dom, d =>
    {
        if (!d.IsActive)
            throw TestErrors.Invalid("cannot list vcpus for an inactive domain");
        var def = d.Live!;
        ulong cpuTime = (ulong)(RealTimeMicros() / 10);
        var list = new List<VcpuInfo>();
        for (uint i = 0; i < TestDomain.OnlineVcpus(def); i++)
        {
            var affinity = VcpuPinning.Affinity(def, i, HostCpus);
            list.Add(new VcpuInfo((int)i, 1, cpuTime, CpuBitmap.LastSet(affinity), affinity));
        }
        return list;
    });

    /// <summary>
    /// testDomainPinVcpuFlags pins live vCPUs only and accepts no flags. AFFECT_LIVE is tolerated as well because
    /// the old virDomainPinVcpu API reaches drivers with it (libvirt's test driver maps that API to flags 0).
    /// </summary>
    public Task PinVcpuFlagsAsync(DomainRef dom, uint vcpu, bool[] cpumap, uint flags)
    {
        TestErrors.CheckFlags(flags & ~DomainFlags.AffectLive, 0, "testDomainPinVcpuFlags");
        return Locked(dom, d =>
        {
            if (!d.IsActive)
                throw TestErrors.Invalid("cannot pin vcpus on an inactive domain");
            var def = d.Live!;
            if (vcpu >= TestDomain.OnlineVcpus(def))
                throw TestErrors.InvalidArg($"requested vcpu '{vcpu}' is not present in the domain");
            var pins = VcpuPinning.Read(def);
            pins[vcpu] = CpuBitmap.Format(CpuBitmap.Resize(cpumap, HostCpus));
            VcpuPinning.Write(def, pins);
            return 0;
        });
    }

    /// <summary>virDomainDefGetVcpuPinInfoHelper: the affinity of every vCPU up to the maximum, online or not.</summary>
    public Task<IReadOnlyList<bool[]>> GetVcpuPinInfoAsync(DomainRef dom, uint flags) => Locked<IReadOnlyList<bool[]>>(dom, d =>
    {
        var def = OneDef(d, flags, out _);
        var maps = new List<bool[]>();
        for (uint i = 0; i < def.Vcpus; i++)
            maps.Add(VcpuPinning.Affinity(def, i, HostCpus));
        return maps;
    });
}
