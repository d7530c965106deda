using Vireo.Daemon.Handlers;
using Vireo.Daemon.Server;
using Vireo.Drivers.Events;
using Vireo.Protocol.Remote;
using Vireo.Protocol.Remote.Messages;
using Vireo.Protocol.Xdr;

namespace Vireo.Daemon.Dispatch;

/// <summary>Turns a driver event into the event MESSAGEs (one per matching callback) this client registered for.</summary>
public static class EventEncoder
{
    public static IEnumerable<(RemoteProcedure Proc, IXdrEncodable Msg)> Encode(ClientSession session, DriverEvent e)
    {
        var regs = session.Events;
        switch (e)
        {
            case DomainLifecycleEvent l:
                foreach (var r in regs.Matching(EventObjectKind.Domain, DomainEventId.Lifecycle, l.Domain.Uuid))
                    yield return (RemoteProcedure.DomainEventCallbackLifecycle,
                        new DomainEventCallbackLifecycleMsg(r.CallbackId, new DomainEventLifecycleMsg(l.Domain.ToWire(), l.Event, l.Detail)));
                break;
            case DomainRebootEvent rb:
                foreach (var r in regs.Matching(EventObjectKind.Domain, DomainEventId.Reboot, rb.Domain.Uuid))
                    yield return (RemoteProcedure.DomainEventCallbackReboot, new DomainEventCallbackMsg(r.CallbackId, new DomainEventMsg(rb.Domain.ToWire())));
                break;
            case DomainDeviceAddedEvent da:
                foreach (var r in regs.Matching(EventObjectKind.Domain, DomainEventId.DeviceAdded, da.Domain.Uuid))
                    yield return (RemoteProcedure.DomainEventCallbackDeviceAdded, new DomainEventCallbackDeviceAddedMsg(r.CallbackId, da.Domain.ToWire(), da.DevAlias));
                break;
            case DomainDeviceRemovedEvent dr:
                foreach (var r in regs.Matching(EventObjectKind.Domain, DomainEventId.DeviceRemoved, dr.Domain.Uuid))
                    yield return (RemoteProcedure.DomainEventCallbackDeviceRemoved,
                        new DomainEventCallbackDeviceRemovedMsg(r.CallbackId, new DomainEventDeviceRemovedMsg(dr.Domain.ToWire(), dr.DevAlias)));
                break;
            case DomainBalloonChangeEvent b:
                foreach (var r in regs.Matching(EventObjectKind.Domain, DomainEventId.BalloonChange, b.Domain.Uuid))
                    yield return (RemoteProcedure.DomainEventCallbackBalloonChange,
                        new DomainEventCallbackBalloonChangeMsg(r.CallbackId, new DomainEventBalloonChangeMsg(b.Domain.ToWire(), b.ActualKiB)));
                break;
            case DomainMigrationIterationEvent mi:
                foreach (var r in regs.Matching(EventObjectKind.Domain, DomainEventId.MigrationIteration, mi.Domain.Uuid))
                    yield return (RemoteProcedure.DomainEventCallbackMigrationIteration,
                        new DomainEventCallbackMigrationIterationMsg(r.CallbackId, mi.Domain.ToWire(), mi.Iteration));
                break;
            case DomainMetadataChangeEvent md:
                foreach (var r in regs.Matching(EventObjectKind.Domain, DomainEventId.MetadataChange, md.Domain.Uuid))
                    yield return (RemoteProcedure.DomainEventCallbackMetadataChange,
                        new DomainEventCallbackMetadataChangeMsg(r.CallbackId, md.Domain.ToWire(), md.Type, md.NamespaceUri));
                break;
            case NetworkLifecycleEvent n:
                foreach (var r in regs.Matching(EventObjectKind.Network, 0, n.Network.Uuid))
                    yield return (RemoteProcedure.NetworkEventLifecycle, new NetworkEventLifecycleMsg(r.CallbackId, n.Network.ToWire(), n.Event, n.Detail));
                break;
            case StoragePoolLifecycleEvent p:
                foreach (var r in regs.Matching(EventObjectKind.StoragePool, 0, p.Pool.Uuid))
                    yield return (RemoteProcedure.StoragePoolEventLifecycle, new StoragePoolEventLifecycleMsg(r.CallbackId, p.Pool.ToWire(), p.Event, p.Detail));
                break;
            case StoragePoolRefreshEvent pr:
                foreach (var r in regs.Matching(EventObjectKind.StoragePool, 1, pr.Pool.Uuid))
                    yield return (RemoteProcedure.StoragePoolEventRefresh, new StoragePoolEventRefreshMsg(r.CallbackId, pr.Pool.ToWire()));
                break;
        }
    }
}
