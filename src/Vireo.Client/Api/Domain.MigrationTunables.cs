using Vireo.Protocol.Remote;
using Vireo.Protocol.Remote.Messages;

namespace Vireo.Client.Api;

// Migration tunables: maximum downtime (ms) and bandwidth (MiB/s).
public sealed partial class Domain
{
    /// <summary>virDomainMigrateSetMaxDowntime.</summary>
    public Task MigrateSetMaxDowntimeAsync(ulong milliseconds, uint flags = 0) =>
        CallVoidAsync(RemoteProcedure.DomainMigrateSetMaxDowntime, new DomainMigrateSetValueArgs(Handle, milliseconds, flags));

    /// <summary>virDomainMigrateGetMaxDowntime.</summary>
    public async Task<ulong> MigrateGetMaxDowntimeAsync(uint flags = 0) =>
        (await CallAsync<DomainFlagsArgs, UHyperRet>(RemoteProcedure.DomainMigrateGetMaxDowntime, new(Handle, flags)).ConfigureAwait(false)).Value;

    /// <summary>virDomainMigrateSetMaxSpeed (flags 1 = VIR_DOMAIN_MIGRATE_MAX_SPEED_POSTCOPY).</summary>
    public Task MigrateSetMaxSpeedAsync(ulong mibPerSecond, uint flags = 0) =>
        CallVoidAsync(RemoteProcedure.DomainMigrateSetMaxSpeed, new DomainMigrateSetValueArgs(Handle, mibPerSecond, flags));

    /// <summary>virDomainMigrateGetMaxSpeed.</summary>
    public async Task<ulong> MigrateGetMaxSpeedAsync(uint flags = 0) =>
        (await CallAsync<DomainFlagsArgs, UHyperRet>(RemoteProcedure.DomainMigrateGetMaxSpeed, new(Handle, flags)).ConfigureAwait(false)).Value;
}
