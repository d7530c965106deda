using Vireo.Protocol.Errors;
using Vireo.Protocol.Remote;
using Vireo.Protocol.Remote.Messages;

namespace Vireo.Client.Api;

/// <summary>
/// A domain handle (virDomainPtr): the connection it came from and the wire identity (name, UUID, id). The daemon
/// resolves a domain by UUID; the id is cached from the last reply and refreshed after a start, as libvirt does.
/// Queries live in Domain.Info.cs, configuration changes in Domain.Config.cs, snapshots and migration in their files.
/// </summary>
public sealed partial class Domain
{
    internal Domain(Connection connection, RemoteNonnullDomain handle)
    {
        Connection = connection;
        Handle = handle;
    }

    public Connection Connection { get; }

    /// <summary>The identity sent on the wire (remote_nonnull_domain).</summary>
    public RemoteNonnullDomain Handle { get; private set; }

    /// <summary>virDomainGetName.</summary>
    public string Name => Handle.Name;

    /// <summary>virDomainGetUUID.</summary>
    public Guid Uuid => Handle.Uuid;

    /// <summary>virDomainGetUUIDString: lower-case canonical form.</summary>
    public string UuidString => UuidText.Format(Handle.Uuid);

    /// <summary>virDomainGetID: -1 while the domain is not running.</summary>
    public int Id => Handle.Id;

    public override string ToString() => Name;

    private DomainArgs Args => new(Handle);

    private DomainFlagsArgs ArgsWith(uint flags) => new(Handle, flags);

    private Task CallVoidAsync<TArgs>(RemoteProcedure proc, TArgs args) where TArgs : Vireo.Protocol.Xdr.IXdrEncodable =>
        Connection.CallVoidAsync(proc, args);

    private Task<TRet> CallAsync<TArgs, TRet>(RemoteProcedure proc, TArgs args)
        where TArgs : Vireo.Protocol.Xdr.IXdrEncodable where TRet : Vireo.Protocol.Xdr.IXdrMessage<TRet> =>
        Connection.CallAsync<TArgs, TRet>(proc, args);

    // ---- life cycle ---------------------------------------------------------------------------------------

    /// <summary>
    /// virDomainCreate (no flags) or virDomainCreateWithFlags: starts a defined domain. Afterwards the id is
    /// refreshed (libvirt's client looks the domain up by UUID, since DOMAIN_CREATE returns nothing).
    /// </summary>
    public async Task StartAsync(DomainStartFlags flags = DomainStartFlags.None)
    {
        if (flags == DomainStartFlags.None)
        {
            await CallVoidAsync(RemoteProcedure.DomainCreate, Args).ConfigureAwait(false);
            var fresh = await CallAsync<UuidArgs, DomainRet>(RemoteProcedure.DomainLookupByUuid, new(Uuid)).ConfigureAwait(false);
            Handle = fresh.Dom;
        }
        else
        {
            var ret = await CallAsync<DomainFlagsArgs, DomainRet>(RemoteProcedure.DomainCreateWithFlags, ArgsWith((uint)flags)).ConfigureAwait(false);
            Handle = ret.Dom;
        }
    }

    /// <summary>Same as <see cref="StartAsync"/>: the C API's name (virDomainCreate).</summary>
    public Task CreateAsync(DomainStartFlags flags = DomainStartFlags.None) => StartAsync(flags);

    /// <summary>virDomainDestroy, or virDomainDestroyFlags when flags are given.</summary>
    public async Task DestroyAsync(DomainDestroyFlags flags = DomainDestroyFlags.Default)
    {
        if (flags == DomainDestroyFlags.Default)
            await CallVoidAsync(RemoteProcedure.DomainDestroy, Args).ConfigureAwait(false);
        else
            await CallVoidAsync(RemoteProcedure.DomainDestroyFlags, ArgsWith((uint)flags)).ConfigureAwait(false);
    }

    /// <summary>virDomainShutdown, or virDomainShutdownFlags when a mode is given.</summary>
    public async Task ShutdownAsync(DomainShutdownFlags flags = DomainShutdownFlags.Default)
    {
        if (flags == DomainShutdownFlags.Default)
            await CallVoidAsync(RemoteProcedure.DomainShutdown, Args).ConfigureAwait(false);
        else
            await CallVoidAsync(RemoteProcedure.DomainShutdownFlags, ArgsWith((uint)flags)).ConfigureAwait(false);
    }

    /// <summary>virDomainReboot (the flags select the method: ACPI, agent, ...).</summary>
    public Task RebootAsync(DomainShutdownFlags flags = DomainShutdownFlags.Default) =>
        CallVoidAsync(RemoteProcedure.DomainReboot, ArgsWith((uint)flags));

    /// <summary>virDomainReset: power-cycle without a guest shutdown.</summary>
    public Task ResetAsync() => CallVoidAsync(RemoteProcedure.DomainReset, ArgsWith(0));

    /// <summary>virDomainSuspend.</summary>
    public Task SuspendAsync() => CallVoidAsync(RemoteProcedure.DomainSuspend, Args);

    /// <summary>virDomainResume.</summary>
    public Task ResumeAsync() => CallVoidAsync(RemoteProcedure.DomainResume, Args);

    /// <summary>virDomainUndefine.</summary>
    public Task UndefineAsync() => CallVoidAsync(RemoteProcedure.DomainUndefine, Args);

    /// <summary>virDomainUndefineFlags.</summary>
    public Task UndefineFlagsAsync(DomainUndefineFlags flags) => CallVoidAsync(RemoteProcedure.DomainUndefineFlags, ArgsWith((uint)flags));

    /// <summary>virDomainSave, or virDomainSaveFlags when an XML override or flags are given.</summary>
    public async Task SaveAsync(string to, string? xml = null, DomainSaveFlags flags = DomainSaveFlags.None)
    {
        if (xml is null && flags == DomainSaveFlags.None)
            await CallVoidAsync(RemoteProcedure.DomainSave, new DomainStringArgs(Handle, to)).ConfigureAwait(false);
        else
            await CallVoidAsync(RemoteProcedure.DomainSaveFlags, new DomainSaveFlagsArgs(Handle, to, xml, (uint)flags)).ConfigureAwait(false);
    }

    /// <summary>virDomainManagedSave: saves the state where the daemon restores it on the next start.</summary>
    public Task ManagedSaveAsync(DomainSaveFlags flags = DomainSaveFlags.None) =>
        CallVoidAsync(RemoteProcedure.DomainManagedSave, ArgsWith((uint)flags));

    /// <summary>virDomainManagedSaveRemove.</summary>
    public Task ManagedSaveRemoveAsync() => CallVoidAsync(RemoteProcedure.DomainManagedSaveRemove, ArgsWith(0));

    /// <summary>virDomainHasManagedSaveImage.</summary>
    public async Task<bool> HasManagedSaveImageAsync() =>
        (await CallAsync<DomainFlagsArgs, IntRet>(RemoteProcedure.DomainHasManagedSaveImage, ArgsWith(0)).ConfigureAwait(false)).Value != 0;

    /// <summary>virDomainAbortJob.</summary>
    public Task AbortJobAsync() => CallVoidAsync(RemoteProcedure.DomainAbortJob, Args);

    /// <summary>virDomainAbortJobFlags (1 = VIR_DOMAIN_ABORT_JOB_POSTCOPY).</summary>
    public Task AbortJobFlagsAsync(uint flags) => CallVoidAsync(RemoteProcedure.DomainAbortJobFlags, ArgsWith(flags));

    // ---- autostart and XML ------------------------------------------------------------------------------

    /// <summary>virDomainGetAutostart.</summary>
    public async Task<bool> GetAutostartAsync() =>
        (await CallAsync<DomainArgs, IntRet>(RemoteProcedure.DomainGetAutostart, Args).ConfigureAwait(false)).Value != 0;

    /// <summary>virDomainSetAutostart.</summary>
    public Task SetAutostartAsync(bool autostart) =>
        CallVoidAsync(RemoteProcedure.DomainSetAutostart, new DomainSetAutostartArgs(Handle, autostart ? 1 : 0));

    /// <summary>virDomainGetXMLDesc. On a read-only connection the SECURE and MIGRATABLE flags are refused locally.</summary>
    public async Task<string> GetXmlDescAsync(DomainXmlFlags flags = DomainXmlFlags.None)
    {
        if (Connection.ReadOnly && (flags & (DomainXmlFlags.Secure | DomainXmlFlags.Migratable)) != 0)
            throw Connection.ReadOnlyFlagDenied("virDomainGetXMLDesc with secure flag");
        return (await CallAsync<DomainFlagsArgs, StringRet>(RemoteProcedure.DomainGetXmlDesc, ArgsWith((uint)flags)).ConfigureAwait(false)).Value;
    }

    // ---- devices --------------------------------------------------------------------------------------

    /// <summary>virDomainAttachDevice (live only).</summary>
    public Task AttachDeviceAsync(string xml) => CallVoidAsync(RemoteProcedure.DomainAttachDevice, new DomainXmlArgs(Handle, xml));

    /// <summary>virDomainAttachDeviceFlags.</summary>
    public Task AttachDeviceFlagsAsync(string xml, DomainAffect flags) =>
        CallVoidAsync(RemoteProcedure.DomainAttachDeviceFlags, new DomainXmlFlagsArgs(Handle, xml, (uint)flags));

    /// <summary>virDomainDetachDevice (live only).</summary>
    public Task DetachDeviceAsync(string xml) => CallVoidAsync(RemoteProcedure.DomainDetachDevice, new DomainXmlArgs(Handle, xml));

    /// <summary>virDomainDetachDeviceFlags.</summary>
    public Task DetachDeviceFlagsAsync(string xml, DomainAffect flags) =>
        CallVoidAsync(RemoteProcedure.DomainDetachDeviceFlags, new DomainXmlFlagsArgs(Handle, xml, (uint)flags));

    /// <summary>virDomainUpdateDeviceFlags.</summary>
    public Task UpdateDeviceFlagsAsync(string xml, DomainAffect flags) =>
        CallVoidAsync(RemoteProcedure.DomainUpdateDeviceFlags, new DomainXmlFlagsArgs(Handle, xml, (uint)flags));

}
