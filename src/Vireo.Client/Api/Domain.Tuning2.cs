using Vireo.Protocol.Remote;
using Vireo.Protocol.Remote.Messages;

namespace Vireo.Client.Api;

public sealed partial class Domain
{
    /// <summary>virDomainMemoryStats: (VIR_DOMAIN_MEMORY_STAT_* tag, value) pairs, at most <paramref name="max"/>.</summary>
    public async Task<IReadOnlyList<DomainMemoryStat>> MemoryStatsAsync(uint max = 13, uint flags = 0) =>
        (await CallAsync<DomainMemoryStatsArgs, DomainMemoryStatsRet>(RemoteProcedure.DomainMemoryStats, new(Handle, max, flags)).ConfigureAwait(false)).Stats;

    /// <summary>virDomainPinEmulator.</summary>
    public Task PinEmulatorAsync(byte[] cpuMap, DomainAffect flags) =>
        CallVoidAsync(RemoteProcedure.DomainPinEmulator, new DomainPinEmulatorArgs(Handle, cpuMap, (uint)flags));

    /// <summary>virDomainGetEmulatorPinInfo: the emulator threads' CPU map (maplen bytes).</summary>
    public async Task<byte[]> GetEmulatorPinInfoAsync(int mapLength, DomainAffect flags) =>
        (await CallAsync<DomainGetEmulatorPinInfoArgs, DomainGetEmulatorPinInfoRet>(RemoteProcedure.DomainGetEmulatorPinInfo, new(Handle, mapLength, (uint)flags)).ConfigureAwait(false)).Cpumaps;
}
