using Vireo.Protocol.Errors;
using Vireo.Protocol.Remote;
using Vireo.Protocol.Remote.Messages;

namespace Vireo.Client.Api;

// Domain queries: state, info, statistics, jobs, addresses.
public sealed partial class Domain
{
    /// <summary>VIR_DRV_FEATURE_TYPED_PARAM_STRING: the server may return string typed parameters.</summary>
    private const int FeatureTypedParamString = 9;

    /// <summary>virDomainGetInfo.</summary>
    public async Task<DomainInfo> GetInfoAsync()
    {
        var r = await CallAsync<DomainArgs, DomainGetInfoRet>(RemoteProcedure.DomainGetInfo, Args).ConfigureAwait(false);
        return new DomainInfo((DomainState)r.State, r.MaxMem, r.Memory, r.NrVirtCpu, r.CpuTime);
    }

    /// <summary>
    /// virDomainGetState: the state and its reason. Falls back to virDomainGetInfo (reason -1) when the server
    /// lacks the call, as virsh does.
    /// </summary>
    public async Task<(DomainState State, int Reason)> GetStateAsync()
    {
        try
        {
            var r = await CallAsync<DomainFlagsArgs, DomainGetStateRet>(RemoteProcedure.DomainGetState, ArgsWith(0)).ConfigureAwait(false);
            return ((DomainState)r.State, r.Reason);
        }
        catch (LibvirtException e) when (e.Code == ErrorCode.NoSupport)
        {
            return ((await GetInfoAsync().ConfigureAwait(false)).State, -1);
        }
    }

    /// <summary>virDomainGetOSType: "hvm", "linux", "exe" ...</summary>
    public async Task<string> GetOsTypeAsync() =>
        (await CallAsync<DomainArgs, StringRet>(RemoteProcedure.DomainGetOsType, Args).ConfigureAwait(false)).Value;

    /// <summary>virDomainIsActive.</summary>
    public async Task<bool> IsActiveAsync() =>
        (await CallAsync<DomainArgs, IntRet>(RemoteProcedure.DomainIsActive, Args).ConfigureAwait(false)).Value != 0;

    /// <summary>virDomainIsPersistent.</summary>
    public async Task<bool> IsPersistentAsync() =>
        (await CallAsync<DomainArgs, IntRet>(RemoteProcedure.DomainIsPersistent, Args).ConfigureAwait(false)).Value != 0;

    /// <summary>virDomainGetMaxMemory in KiB.</summary>
    public async Task<ulong> GetMaxMemoryAsync() =>
        (await CallAsync<DomainArgs, UHyperRet>(RemoteProcedure.DomainGetMaxMemory, Args).ConfigureAwait(false)).Value;

    /// <summary>virDomainGetMaxVcpus.</summary>
    public async Task<int> GetMaxVcpusAsync() =>
        (await CallAsync<DomainArgs, IntRet>(RemoteProcedure.DomainGetMaxVcpus, Args).ConfigureAwait(false)).Value;

    /// <summary>virDomainGetSecurityLabel.</summary>
    public async Task<DomainSecurityLabel> GetSecurityLabelAsync()
    {
        var r = await CallAsync<DomainArgs, DomainGetSecurityLabelRet>(RemoteProcedure.DomainGetSecurityLabel, Args).ConfigureAwait(false);
        return new DomainSecurityLabel(r.Label, r.Enforcing != 0);
    }

    /// <summary>virDomainGetMessages: tainting and deprecation notes.</summary>
    public async Task<IReadOnlyList<string>> GetMessagesAsync(uint flags = 0) =>
        (await CallAsync<DomainFlagsArgs, DomainGetMessagesRet>(RemoteProcedure.DomainGetMessages, ArgsWith(flags)).ConfigureAwait(false)).Msgs;

    // ---- vCPUs --------------------------------------------------------------------------------------

    /// <summary>virDomainGetVcpus: per-vCPU info of a running domain and affinity maps of <paramref name="mapLength"/> bytes.</summary>
    public async Task<DomainVcpus> GetVcpusAsync(int maxInfo, int mapLength)
    {
        var r = await CallAsync<DomainGetVcpusArgs, DomainGetVcpusRet>(RemoteProcedure.DomainGetVcpus, new(Handle, maxInfo, mapLength)).ConfigureAwait(false);
        return new DomainVcpus(r.Info.Select(i => new DomainVcpuInfo(i.Number, i.State, i.CpuTime, i.Cpu)).ToList(), r.Cpumaps, mapLength);
    }

    /// <summary>virDomainGetVcpusFlags: a vCPU count (GUEST asks the agent and is refused on read-only connections).</summary>
    public async Task<int> GetVcpusFlagsAsync(DomainVcpuFlags flags)
    {
        if (Connection.ReadOnly && flags.HasFlag(DomainVcpuFlags.Guest))
            throw Connection.ReadOnlyDenied("virDomainGetVcpusFlags");
        return (await CallAsync<DomainFlagsArgs, IntRet>(RemoteProcedure.DomainGetVcpusFlags, ArgsWith((uint)flags)).ConfigureAwait(false)).Value;
    }

    /// <summary>virDomainGetVcpuPinInfo: the affinity map of each of <paramref name="count"/> vCPUs.</summary>
    public async Task<DomainVcpus> GetVcpuPinInfoAsync(int count, int mapLength, DomainAffect flags)
    {
        var r = await CallAsync<DomainGetVcpuPinInfoArgs, DomainGetVcpuPinInfoRet>(RemoteProcedure.DomainGetVcpuPinInfo,
            new(Handle, count, mapLength, (uint)flags)).ConfigureAwait(false);
        var infos = Enumerable.Range(0, r.Num).Select(i => new DomainVcpuInfo((uint)i, -1, 0, -1)).ToList();
        return new DomainVcpus(infos, r.Cpumaps, mapLength);
    }

    // ---- statistics -----------------------------------------------------------------------------------

    /// <summary>
    /// virDomainBlockStatsFlags for <paramref name="path"/> ("" = all disks), with libvirt's two-step parameter
    /// count protocol. When the server answers NO_SUPPORT, falls back to virDomainBlockStats and converts its
    /// fields (those not -1) into the same parameter names.
    /// </summary>
    public async Task<BlockStats> GetBlockStatsAsync(string path)
    {
        try
        {
            return new BlockStats(await BlockStatsFlagsAsync(path).ConfigureAwait(false), Legacy: false);
        }
        catch (LibvirtException e) when (e.Code == ErrorCode.NoSupport)
        {
            var s = await BlockStatsLegacyAsync(path).ConfigureAwait(false);
            var list = new List<TypedParameter>();
            void Add(string field, long v) { if (v >= 0) list.Add(TypedParameter.LLong(field, v)); }
            Add(BlockStats.ReadRequests, s.RdReq);
            Add(BlockStats.ReadBytes, s.RdBytes);
            Add(BlockStats.WriteRequests, s.WrReq);
            Add(BlockStats.WriteBytes, s.WrBytes);
            Add(BlockStats.Errors, s.Errs);
            return new BlockStats(list, Legacy: true);
        }
    }

    /// <summary>virDomainBlockStatsFlags (no fallback).</summary>
    public async Task<IReadOnlyList<TypedParameter>> BlockStatsFlagsAsync(string path)
    {
        uint flags = await StringOkayAsync().ConfigureAwait(false);
        var count = await CallAsync<DomainBlockStatsFlagsArgs, DomainGetParametersRet>(RemoteProcedure.DomainBlockStatsFlags,
            new(Handle, path, 0, flags)).ConfigureAwait(false);
        if (count.Nparams == 0) return [];
        flags = await StringOkayAsync().ConfigureAwait(false);
        var ret = await CallAsync<DomainBlockStatsFlagsArgs, DomainGetParametersRet>(RemoteProcedure.DomainBlockStatsFlags,
            new(Handle, path, count.Nparams, flags)).ConfigureAwait(false);
        return ret.Params;
    }

    /// <summary>virDomainBlockStats (the legacy fixed-field call).</summary>
    public Task<DomainBlockStatsRet> BlockStatsLegacyAsync(string path) =>
        CallAsync<DomainStringArgs, DomainBlockStatsRet>(RemoteProcedure.DomainBlockStats, new(Handle, path));

    private async Task<uint> StringOkayAsync() =>
        await Connection.SupportsFeatureAsync(FeatureTypedParamString).ConfigureAwait(false) ? TypedParameter.StringOkayFlag : 0;

    /// <summary>virDomainInterfaceStats for an interface given by target name or MAC.</summary>
    public async Task<InterfaceStats> InterfaceStatsAsync(string device)
    {
        var r = await CallAsync<DomainStringArgs, DomainInterfaceStatsRet>(RemoteProcedure.DomainInterfaceStats, new(Handle, device)).ConfigureAwait(false);
        return new InterfaceStats(r.RxBytes, r.RxPackets, r.RxErrs, r.RxDrop, r.TxBytes, r.TxPackets, r.TxErrs, r.TxDrop);
    }

    /// <summary>
    /// virDomainInterfaceAddresses. Asking the guest agent is refused on a read-only connection, as in libvirt.
    /// </summary>
    public async Task<IReadOnlyList<DomainInterfaceAddresses>> InterfaceAddressesAsync(InterfaceAddressSource source, uint flags = 0)
    {
        if (Connection.ReadOnly && source == InterfaceAddressSource.Agent)
            throw Connection.ReadOnlyDenied("virDomainInterfaceAddresses");
        var r = await CallAsync<DomainInterfaceAddressesArgs, DomainInterfaceAddressesRet>(RemoteProcedure.DomainInterfaceAddresses,
            new(Handle, (uint)source, flags)).ConfigureAwait(false);
        return r.Ifaces.Select(i => new DomainInterfaceAddresses(i.Name, i.Hwaddr,
            i.Addrs.Select(a => new DomainIpAddress(a.Type, a.Addr, a.Prefix)).ToList())).ToList();
    }

    // ---- jobs -----------------------------------------------------------------------------------------

    /// <summary>virDomainGetJobInfo (legacy fixed fields).</summary>
    public async Task<DomainJobInfo> GetJobInfoAsync()
    {
        var r = await CallAsync<DomainArgs, DomainGetJobInfoRet>(RemoteProcedure.DomainGetJobInfo, Args).ConfigureAwait(false);
        return new DomainJobInfo((DomainJobType)r.Type, r.TimeElapsed, r.TimeRemaining, r.DataTotal, r.DataProcessed, r.DataRemaining,
            r.MemTotal, r.MemProcessed, r.MemRemaining, r.FileTotal, r.FileProcessed, r.FileRemaining);
    }

    /// <summary>virDomainGetJobStats (no fallback).</summary>
    public async Task<DomainJobStats> GetJobStatsRawAsync(DomainJobStatsFlags flags = DomainJobStatsFlags.None)
    {
        var r = await CallAsync<DomainFlagsArgs, DomainGetJobStatsRet>(RemoteProcedure.DomainGetJobStats, ArgsWith((uint)flags)).ConfigureAwait(false);
        return new DomainJobStats((DomainJobType)r.Type, r.Params, Legacy: false);
    }

    /// <summary>
    /// virDomainGetJobStats; without flags, falls back to virDomainGetJobInfo when the server answers NO_SUPPORT
    /// (the fixed fields become time_elapsed, data_total, ... parameters).
    /// </summary>
    public async Task<DomainJobStats> GetJobStatsAsync(DomainJobStatsFlags flags = DomainJobStatsFlags.None)
    {
        try
        {
            return await GetJobStatsRawAsync(flags).ConfigureAwait(false);
        }
        catch (LibvirtException e) when (e.Code == ErrorCode.NoSupport && flags == DomainJobStatsFlags.None)
        {
            var j = await GetJobInfoAsync().ConfigureAwait(false);
            TypedParameter U(string f, ulong v) => TypedParameter.ULLong(f, v);
            var list = new List<TypedParameter>
            {
                U("time_elapsed", j.TimeElapsed), U("time_remaining", j.TimeRemaining),
                U("data_total", j.DataTotal), U("data_processed", j.DataProcessed), U("data_remaining", j.DataRemaining),
                U("memory_total", j.MemoryTotal), U("memory_processed", j.MemoryProcessed), U("memory_remaining", j.MemoryRemaining),
                U("disk_total", j.FileTotal), U("disk_processed", j.FileProcessed), U("disk_remaining", j.FileRemaining),
            };
            return new DomainJobStats(j.Type, list, Legacy: true);
        }
    }
}
