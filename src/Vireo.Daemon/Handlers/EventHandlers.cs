using Vireo.Daemon.Dispatch;
using Vireo.Daemon.Server;
using Vireo.Drivers.Events;
using Vireo.Protocol.Errors;
using Vireo.Protocol.Remote;
using Vireo.Protocol.Remote.Messages;

namespace Vireo.Daemon.Handlers;

/// <summary>Event callback registration (the REMOTE_EVENT_CALLBACK scheme every modern client uses).</summary>
public static class EventHandlers
{
    // Event id counts per object kind in libvirt 9.0.
    private const int NetworkEventIds = 2, StoragePoolEventIds = 2, NodeDeviceEventIds = 2, SecretEventIds = 2;

    public static void Register(ProcedureRegistry r)
    {
        r.Add<ConnectDomainEventCallbackRegisterAnyArgs, IntRet>(RemoteProcedure.ConnectDomainEventCallbackRegisterAny, (ctx, a) =>
            Add(ctx, EventObjectKind.Domain, a.EventId, DomainEventId.Last, a.Dom?.Uuid));
        r.Add<IntArgs>(RemoteProcedure.ConnectDomainEventCallbackDeregisterAny, (ctx, a) => Remove(ctx, EventObjectKind.Domain, a.Value, "domain"));
        r.Add<ConnectNetworkEventRegisterAnyArgs, IntRet>(RemoteProcedure.ConnectNetworkEventRegisterAny, (ctx, a) =>
            Add(ctx, EventObjectKind.Network, a.EventId, NetworkEventIds, a.Net?.Uuid));
        r.Add<IntArgs>(RemoteProcedure.ConnectNetworkEventDeregisterAny, (ctx, a) => Remove(ctx, EventObjectKind.Network, a.Value, "network"));
        r.Add<ConnectStoragePoolEventRegisterAnyArgs, IntRet>(RemoteProcedure.ConnectStoragePoolEventRegisterAny, (ctx, a) =>
            Add(ctx, EventObjectKind.StoragePool, a.EventId, StoragePoolEventIds, a.Pool?.Uuid));
        r.Add<IntArgs>(RemoteProcedure.ConnectStoragePoolEventDeregisterAny, (ctx, a) => Remove(ctx, EventObjectKind.StoragePool, a.Value, "storage pool"));
        // Node devices and secrets have no driver yet; registering succeeds so clients such as virt-manager start normally.
        r.Add<ConnectNodeDeviceEventRegisterAnyArgs, IntRet>(RemoteProcedure.ConnectNodeDeviceEventRegisterAny, (ctx, a) =>
            Add(ctx, EventObjectKind.NodeDevice, a.EventId, NodeDeviceEventIds, null));
        r.Add<IntArgs>(RemoteProcedure.ConnectNodeDeviceEventDeregisterAny, (ctx, a) => Remove(ctx, EventObjectKind.NodeDevice, a.Value, "node device"));
        r.Add<ConnectSecretEventRegisterAnyArgs, IntRet>(RemoteProcedure.ConnectSecretEventRegisterAny, (ctx, a) =>
            Add(ctx, EventObjectKind.Secret, a.EventId, SecretEventIds, a.Secret?.Uuid));
        r.Add<IntArgs>(RemoteProcedure.ConnectSecretEventDeregisterAny, (ctx, a) => Remove(ctx, EventObjectKind.Secret, a.Value, "secret"));
    }

    private static Task<IntRet> Add(CallContext ctx, EventObjectKind kind, int eventId, int count, Guid? filter)
    {
        _ = ctx.Driver;
        if (eventId < 0 || eventId >= count)
            throw LibvirtException.InvalidArg($"unsupported event ID {eventId}", ErrorDomain.None);
        return Task.FromResult(new IntRet(ctx.Session.Events.Add(kind, eventId, filter)));
    }

    private static Task Remove(CallContext ctx, EventObjectKind kind, int callbackId, string what)
    {
        if (!ctx.Session.Events.Remove(callbackId, kind))
            throw new LibvirtException(ErrorCode.Rpc, ErrorDomain.Rpc, $"{what} event callback {callbackId} not registered");
        return Task.CompletedTask;
    }
}
