using Vireo.Protocol.Errors;

namespace Vireo.Drivers.Domains;

/// <summary>
/// Domain operations of a hypervisor driver. The RPC dispatcher maps each libvirt procedure onto one method;
/// drivers never see XDR. Anything a driver does not implement answers "not supported" as libvirt does.
/// </summary>
public interface IDomainDriver
{
    Task<IReadOnlyList<DomainRef>> ListAllDomainsAsync(uint flags);
    Task<DomainRef> LookupByNameAsync(string name);
    Task<DomainRef> LookupByIdAsync(int id);
    Task<DomainRef> LookupByUuidAsync(Guid uuid);

    Task<DomainRef> DefineXmlAsync(string xml, uint flags);
    Task UndefineAsync(DomainRef dom, uint flags);
    Task<DomainRef> CreateXmlAsync(string xml, uint flags);
    Task<DomainRef> CreateAsync(DomainRef dom, uint flags);

    Task ShutdownAsync(DomainRef dom, uint flags);
    Task RebootAsync(DomainRef dom, uint flags);
    Task ResetAsync(DomainRef dom, uint flags) => throw NotSupported("virDomainReset");
    Task DestroyAsync(DomainRef dom, uint flags);
    Task SuspendAsync(DomainRef dom);
    Task ResumeAsync(DomainRef dom);
    Task SaveAsync(DomainRef dom, string path, string? xml, uint flags);
    Task RestoreAsync(string path, string? xml, uint flags);
    Task ManagedSaveAsync(DomainRef dom, uint flags);
    Task<bool> HasManagedSaveImageAsync(DomainRef dom, uint flags);
    Task ManagedSaveRemoveAsync(DomainRef dom, uint flags);

    Task<DomainInfo> GetInfoAsync(DomainRef dom);
    Task<DomainStateWithReason> GetStateAsync(DomainRef dom, uint flags);
    Task<string> GetXmlDescAsync(DomainRef dom, uint flags);
    Task<string> GetOsTypeAsync(DomainRef dom);
    Task<ulong> GetMaxMemoryAsync(DomainRef dom);
    Task<int> GetMaxVcpusAsync(DomainRef dom);
    Task<bool> GetAutostartAsync(DomainRef dom);
    Task SetAutostartAsync(DomainRef dom, bool autostart);
    Task<bool> IsActiveAsync(DomainRef dom);
    Task<bool> IsPersistentAsync(DomainRef dom);
    Task<bool> IsUpdatedAsync(DomainRef dom) => Task.FromResult(false);

    Task SetMemoryFlagsAsync(DomainRef dom, ulong memoryKiB, uint flags);
    Task SetVcpusFlagsAsync(DomainRef dom, uint nvcpus, uint flags);
    Task<int> GetVcpusFlagsAsync(DomainRef dom, uint flags);
    Task<IReadOnlyList<VcpuInfo>> GetVcpusAsync(DomainRef dom);
    Task PinVcpuFlagsAsync(DomainRef dom, uint vcpu, bool[] cpumap, uint flags);
    /// <summary>Pinning of every vCPU (one bool per host CPU) for the live or the persistent config.</summary>
    Task<IReadOnlyList<bool[]>> GetVcpuPinInfoAsync(DomainRef dom, uint flags);

    Task<BlockStats> GetBlockStatsAsync(DomainRef dom, string disk);
    Task<InterfaceStats> GetInterfaceStatsAsync(DomainRef dom, string device);
    Task<IReadOnlyList<GuestInterface>> GetInterfaceAddressesAsync(DomainRef dom, uint source, uint flags);
    Task<JobInfo> GetJobInfoAsync(DomainRef dom) => Task.FromResult(new JobInfo(0));

    Task AttachDeviceFlagsAsync(DomainRef dom, string xml, uint flags);
    Task DetachDeviceFlagsAsync(DomainRef dom, string xml, uint flags);
    Task UpdateDeviceFlagsAsync(DomainRef dom, string xml, uint flags) => throw NotSupported("virDomainUpdateDeviceFlags");

    /// <summary>Security label of a running domain; drivers without a security model return an empty label.</summary>
    Task<(string Label, bool Enforcing)> GetSecurityLabelAsync(DomainRef dom) => Task.FromResult(("", false));
    Task<IReadOnlyList<string>> GetMessagesAsync(DomainRef dom, uint flags) => Task.FromResult<IReadOnlyList<string>>([]);

    // Snapshots
    Task<string> SnapshotCreateXmlAsync(DomainRef dom, string xml, uint flags) => throw NotSupported("virDomainSnapshotCreateXML");
    Task<IReadOnlyList<string>> ListAllSnapshotsAsync(DomainRef dom, uint flags) => Task.FromResult<IReadOnlyList<string>>([]);
    Task<string> SnapshotGetXmlDescAsync(DomainRef dom, string snapshot, uint flags) => throw NotSupported("virDomainSnapshotGetXMLDesc");
    Task<int> SnapshotNumAsync(DomainRef dom, uint flags) => Task.FromResult(0);

    // Streams (console, screenshot): the daemon pumps the returned System.IO.Stream over the call's RPC stream;
    // disposing it ends the session (the console becomes free for the next client).
    /// <summary>virDomainOpenConsole: a duplex byte stream to a console/serial pty. flags: ConsoleForce (1), ConsoleSafe (2).</summary>
    Task<Stream> OpenConsoleAsync(DomainRef dom, string? devName, uint flags) => throw NotSupported("virDomainOpenConsole");
    /// <summary>virDomainScreenshot: the image's MIME type and a readable stream of it.</summary>
    Task<(string Mime, Stream Image)> ScreenshotAsync(DomainRef dom, uint screen, uint flags) => throw NotSupported("virDomainScreenshot");

    // QEMU driver (issue 3): emulator pinning, memory statistics, all-domain statistics
    Task PinEmulatorAsync(DomainRef dom, bool[] cpumap, uint flags) => throw NotSupported("virDomainPinEmulator");
    /// <summary>The emulator threads' pinning (one bool per host CPU) for the live or the persistent config.</summary>
    Task<bool[]> GetEmulatorPinInfoAsync(DomainRef dom, uint flags) => throw NotSupported("virDomainGetEmulatorPinInfo");
    /// <summary>virDomainMemoryStats: (VIR_DOMAIN_MEMORY_STAT_* tag, value) in the driver's order.</summary>
    Task<IReadOnlyList<(int Tag, ulong Value)>> GetMemoryStatsAsync(DomainRef dom, uint flags) => throw NotSupported("virDomainMemoryStats");
    /// <summary>One domain's record of virConnectGetAllDomainStats: the typed parameters of the groups in <paramref name="stats"/> (0 = all).</summary>
    Task<IReadOnlyList<Vireo.Protocol.Remote.TypedParameter>> GetDomainStatsAsync(DomainRef dom, uint stats, uint flags) => throw NotSupported("virConnectGetAllDomainStats");
    /// <summary>virDomainGetBlockInfo for a disk named by target ("vda") or source path.</summary>
    Task<BlockInfo> GetBlockInfoAsync(DomainRef dom, string disk, uint flags) => throw NotSupported("virDomainGetBlockInfo");

    // Snapshot tree and reverting (qemu driver); the defaults derive what they can from the calls above.
    /// <summary>virDomainSnapshotLookupByName: the name back, or libvirt's "Domain snapshot not found".</summary>
    async Task<string> SnapshotLookupByNameAsync(DomainRef dom, string name, uint flags) =>
        (await ListAllSnapshotsAsync(dom, 0).ConfigureAwait(false)).Contains(name) ? name : throw NoSnapshot(name);
    Task<bool> HasCurrentSnapshotAsync(DomainRef dom, uint flags) => Task.FromResult(false);
    /// <summary>virDomainSnapshotCurrent: the current snapshot's name.</summary>
    Task<string> SnapshotCurrentAsync(DomainRef dom, uint flags) => throw NotSupported("virDomainSnapshotCurrent");
    /// <summary>virDomainSnapshotGetParent: the parent's name; a root answers "snapshot 'x' does not have a parent".</summary>
    Task<string> SnapshotGetParentAsync(DomainRef dom, string snapshot, uint flags) => throw NotSupported("virDomainSnapshotGetParent");
    Task<bool> SnapshotIsCurrentAsync(DomainRef dom, string snapshot, uint flags) => Task.FromResult(false);
    Task<bool> SnapshotHasMetadataAsync(DomainRef dom, string snapshot, uint flags) => Task.FromResult(true);
    Task<IReadOnlyList<string>> SnapshotListAllChildrenAsync(DomainRef dom, string snapshot, uint flags) =>
        throw NotSupported("virDomainSnapshotListAllChildren");
    Task RevertToSnapshotAsync(DomainRef dom, string snapshot, uint flags) => throw NotSupported("virDomainRevertToSnapshot");
    Task SnapshotDeleteAsync(DomainRef dom, string snapshot, uint flags) => throw NotSupported("virDomainSnapshotDelete");
    /// <summary>virDomainQemuMonitorCommand: a QMP command (JSON) or, with flag 1, an HMP command line; the raw reply.</summary>
    Task<string> QemuMonitorCommandAsync(DomainRef dom, string command, uint flags) => throw NotSupported("virDomainQemuMonitorCommand");

    // Migration (issue 8): libvirt's version 3 protocol with parameters. Cookies are opaque to everyone but the
    // driver pair; parameters are VIR_MIGRATE_PARAM_* typed parameters, flags VIR_MIGRATE_*.
    /// <summary>Source, phase 1: the XML to send (and a cookie for Prepare).</summary>
    Task<(byte[] Cookie, string Xml)> MigrateBegin3Async(DomainRef dom, IReadOnlyList<Vireo.Protocol.Remote.TypedParameter> prms, uint flags) =>
        throw NotSupported("virDomainMigrateBegin3Params");
    /// <summary>Destination, phase 2: a QEMU waiting for the stream; the URI the source must send it to. <paramref name="hostHint"/> is the address the caller reached this daemon on.</summary>
    Task<(byte[] Cookie, string? Uri)> MigratePrepare3Async(IReadOnlyList<Vireo.Protocol.Remote.TypedParameter> prms, byte[] cookie, uint flags, string? hostHint) =>
        throw NotSupported("virDomainMigratePrepare3Params");
    /// <summary>Source, phase 3: the transfer itself; returns when QEMU's migration completed (guest paused here).</summary>
    Task<byte[]> MigratePerform3Async(DomainRef dom, IReadOnlyList<Vireo.Protocol.Remote.TypedParameter> prms, byte[] cookie, uint flags) =>
        throw NotSupported("virDomainMigratePerform3Params");
    /// <summary>Destination, phase 4: run (or, when cancelled, discard) the incoming guest.</summary>
    Task<(DomainRef Dom, byte[] Cookie)> MigrateFinish3Async(IReadOnlyList<Vireo.Protocol.Remote.TypedParameter> prms, byte[] cookie, uint flags, bool cancelled) =>
        throw NotSupported("virDomainMigrateFinish3Params");
    /// <summary>Source, phase 5: end the source QEMU after success, or resume the guest after a failure.</summary>
    Task MigrateConfirm3Async(DomainRef dom, IReadOnlyList<Vireo.Protocol.Remote.TypedParameter> prms, byte[] cookie, uint flags, bool cancelled) =>
        throw NotSupported("virDomainMigrateConfirm3Params");
    /// <summary>Destination of a tunnelled migration: like Prepare, but QEMU's stream arrives through the returned sink (the RPC stream's data).</summary>
    Task<(byte[] Cookie, Stream Sink)> MigratePrepareTunnel3Async(IReadOnlyList<Vireo.Protocol.Remote.TypedParameter> prms, byte[] cookie, uint flags) =>
        throw NotSupported("virDomainMigratePrepareTunnel3Params");
    /// <summary>Source of a tunnelled migration: Perform, with QEMU's stream written into <paramref name="tunnel"/>.</summary>
    Task<byte[]> MigratePerformTunnelledAsync(DomainRef dom, IReadOnlyList<Vireo.Protocol.Remote.TypedParameter> prms, byte[] cookie, uint flags, Stream tunnel) =>
        throw NotSupported("virDomainMigratePerform3Params");
    /// <summary>virDomainMigrateStartPostCopy: switch the running outgoing migration to post-copy.</summary>
    Task MigrateStartPostCopyAsync(DomainRef dom, uint flags) => throw NotSupported("virDomainMigrateStartPostCopy");
    /// <summary>virDomainGetJobStats: the job type and VIR_DOMAIN_JOB_* typed parameters.</summary>
    Task<(int Type, IReadOnlyList<Vireo.Protocol.Remote.TypedParameter> Params)> GetJobStatsAsync(DomainRef dom, uint flags) =>
        throw NotSupported("virDomainGetJobStats");
    Task AbortJobAsync(DomainRef dom, uint flags) => throw NotSupported("virDomainAbortJob");
    /// <summary>After a Prepare: what discards that incoming migration if the preparing client goes away before Finish (null: nothing to do).</summary>
    Func<Task>? MigrateIncomingAbandoner(IReadOnlyList<Vireo.Protocol.Remote.TypedParameter> prms) => null;
    Task MigrateSetMaxDowntimeAsync(DomainRef dom, ulong ms, uint flags) => throw NotSupported("virDomainMigrateSetMaxDowntime");
    Task<ulong> MigrateGetMaxDowntimeAsync(DomainRef dom, uint flags) => throw NotSupported("virDomainMigrateGetMaxDowntime");
    Task MigrateSetMaxSpeedAsync(DomainRef dom, ulong mibPerSecond, uint flags) => throw NotSupported("virDomainMigrateSetMaxSpeed");
    Task<ulong> MigrateGetMaxSpeedAsync(DomainRef dom, uint flags) => throw NotSupported("virDomainMigrateGetMaxSpeed");
    /// <summary>virDomainSetMemoryStatsPeriod: how often (s, 0 = never) the balloon driver collects the guest's memory statistics.</summary>
    Task SetMemoryStatsPeriodAsync(DomainRef dom, int period, uint flags) => throw NotSupported("virDomainSetMemoryStatsPeriod");

    /// <summary>virDomainSetMetadata (arguments already checked by <see cref="DomainMetadata.CheckSetArguments"/>).</summary>
    Task SetMetadataAsync(DomainRef dom, int type, string? metadata, string? key, string? uri, uint flags) => throw NotSupported("virDomainSetMetadata");
    /// <summary>virDomainGetMetadata.</summary>
    Task<string> GetMetadataAsync(DomainRef dom, int type, string? uri, uint flags) => throw NotSupported("virDomainGetMetadata");

    static LibvirtException NoSnapshot(string name) => new(ErrorCode.NoDomainSnapshot, ErrorDomain.DomainSnapshot,
        $"Domain snapshot not found: no domain snapshot with matching name '{name}'");

    /// <summary>The "not supported by the connection driver" error libvirt gives for a missing driver method.</summary>
    static LibvirtException NotSupported(string api) => LibvirtException.NoSupport(api);
}
