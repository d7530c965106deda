using System.Threading.Channels;
using Vireo.Protocol.Errors;
using Vireo.Protocol.Remote;
using Vireo.Protocol.Remote.Messages;
using Vireo.Protocol.Xdr;

namespace Vireo.Client.Api;

// Event registration and delivery (callback scheme: procedures 316/317, 313/314, 368/369).
// Like libvirt's client, one server-side registration serves every local callback with the same event id and
// filter; events are demultiplexed locally. Callbacks run one at a time, in arrival order, on a pump task (never on
// the socket reader), so a callback may itself call the API.
public sealed partial class Connection
{
    private sealed class ServerRegistration(RemoteProcedure deregister, int callbackId)
    {
        public RemoteProcedure Deregister { get; } = deregister;
        public int CallbackId { get; } = callbackId;
        public List<int> LocalIds { get; } = [];
    }

    private readonly object _eventLock = new();
    private readonly Dictionary<string, ServerRegistration> _byKey = [];
    private readonly Dictionary<int, ServerRegistration> _byCallbackId = [];
    private readonly Dictionary<int, (string Key, Delegate Callback)> _local = [];
    private readonly SemaphoreSlim _registerLock = new(1, 1);
    private int _nextLocalId;
    private int _pendingRegistrations;
    private TaskCompletionSource _registrationSettled = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Channel<(int Procedure, ReadOnlyMemory<byte> Payload)>? _events;
    private Task? _pump;

    /// <summary>
    /// virConnectDomainEventRegisterAny: calls <paramref name="callback"/> for each <paramref name="eventId"/> event
    /// (of <paramref name="filter"/> only, when given). Returns a registration id for <see cref="DeregisterDomainEventAsync"/>.
    /// </summary>
    public Task<int> RegisterDomainEventAsync(DomainEventId eventId, Domain? filter, Action<DomainEvent> callback) =>
        RegisterAsync($"dom/{(int)eventId}/{filter?.Uuid}", callback, RemoteProcedure.ConnectDomainEventCallbackDeregisterAny,
            () => Rpc.CallAsync<ConnectDomainEventCallbackRegisterAnyArgs, IntRet>(RemoteProcedure.ConnectDomainEventCallbackRegisterAny,
                new((int)eventId, filter?.Handle)));

    /// <summary>virConnectDomainEventDeregisterAny.</summary>
    public Task DeregisterDomainEventAsync(int registrationId) => DeregisterAsync(registrationId);

    /// <summary>virConnectNetworkEventRegisterAny for the lifecycle event (id 0).</summary>
    public Task<int> RegisterNetworkEventAsync(Network? filter, Action<NetworkLifecycleEvent> callback) =>
        RegisterAsync($"net/0/{filter?.Uuid}", callback, RemoteProcedure.ConnectNetworkEventDeregisterAny,
            () => Rpc.CallAsync<ConnectNetworkEventRegisterAnyArgs, IntRet>(RemoteProcedure.ConnectNetworkEventRegisterAny, new(0, filter?.Handle)));

    /// <summary>virConnectNetworkEventDeregisterAny.</summary>
    public Task DeregisterNetworkEventAsync(int registrationId) => DeregisterAsync(registrationId);

    /// <summary>virConnectStoragePoolEventRegisterAny: event id 0 = lifecycle, 1 = refresh.</summary>
    public Task<int> RegisterStoragePoolEventAsync(int eventId, StoragePool? filter, Action<StoragePoolEvent> callback) =>
        RegisterAsync($"pool/{eventId}/{filter?.Uuid}", callback, RemoteProcedure.ConnectStoragePoolEventDeregisterAny,
            () => Rpc.CallAsync<ConnectStoragePoolEventRegisterAnyArgs, IntRet>(RemoteProcedure.ConnectStoragePoolEventRegisterAny, new(eventId, filter?.Handle)));

    /// <summary>virConnectStoragePoolEventDeregisterAny.</summary>
    public Task DeregisterStoragePoolEventAsync(int registrationId) => DeregisterAsync(registrationId);

    private async Task<int> RegisterAsync(string key, Delegate callback, RemoteProcedure deregister, Func<Task<IntRet>> registerOnServer)
    {
        if (!HasEventCallbacks)
            throw new LibvirtException(ErrorCode.NoSupport, ErrorDomain.Remote,
                $"this function is not supported by the connection driver: the server at {Uri} does not deliver events with callback ids");
        EnsureEventPump();
        await _registerLock.WaitAsync().ConfigureAwait(false);
        try
        {
            ServerRegistration? reg;
            lock (_eventLock) _byKey.TryGetValue(key, out reg);
            if (reg is null)
            {
                Interlocked.Increment(ref _pendingRegistrations);
                try
                {
                    var ret = await registerOnServer().ConfigureAwait(false);
                    reg = new ServerRegistration(deregister, ret.Value);
                    lock (_eventLock)
                    {
                        _byKey[key] = reg;
                        _byCallbackId[reg.CallbackId] = reg;
                    }
                }
                finally
                {
                    Interlocked.Decrement(ref _pendingRegistrations);
                    Interlocked.Exchange(ref _registrationSettled, new(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
                }
            }
            lock (_eventLock)
            {
                int id = _nextLocalId++;
                _local[id] = (key, callback);
                reg.LocalIds.Add(id);
                return id;
            }
        }
        finally
        {
            _registerLock.Release();
        }
    }

    private async Task DeregisterAsync(int registrationId)
    {
        await _registerLock.WaitAsync().ConfigureAwait(false);
        try
        {
            ServerRegistration? last = null;
            lock (_eventLock)
            {
                if (!_local.Remove(registrationId, out var entry))
                    throw LibvirtException.InvalidArg($"event callback {registrationId} is not registered on this connection", ErrorDomain.None);
                var reg = _byKey[entry.Key];
                reg.LocalIds.Remove(registrationId);
                if (reg.LocalIds.Count == 0)
                {
                    _byKey.Remove(entry.Key);
                    _byCallbackId.Remove(reg.CallbackId);
                    last = reg;
                }
            }
            if (last is not null && Rpc.IsOpen)
                await Rpc.CallVoidAsync(last.Deregister, new IntArgs(last.CallbackId)).ConfigureAwait(false);
        }
        finally
        {
            _registerLock.Release();
        }
    }

    private void EnsureEventPump()
    {
        lock (_eventLock)
        {
            if (_events is not null) return;
            _events = Channel.CreateUnbounded<(int, ReadOnlyMemory<byte>)>(new UnboundedChannelOptions { SingleReader = true });
            _pump = Task.Run(PumpAsync);
        }
    }

    partial void OnEventPartial(int procedure, ReadOnlyMemory<byte> payload) => _events?.Writer.TryWrite((procedure, payload));

    partial void StopEventPumpPartial() => _events?.Writer.TryComplete();

    private async Task PumpAsync()
    {
        var reader = _events!.Reader;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (reader.TryRead(out var item))
            {
                try
                {
                    await DispatchAsync(item.Procedure, item.Payload).ConfigureAwait(false);
                }
                catch (Exception e) when (e is XdrException or LibvirtException)
                {
                    // A malformed or unknown event is dropped, as libvirt's client logs and drops it.
                }
            }
        }
    }

    private async Task DispatchAsync(int procedure, ReadOnlyMemory<byte> payload)
    {
        if (payload.Length < 4) return;
        int callbackId = System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(payload.Span);
        var callbacks = Callbacks(callbackId);
        // An event may overtake the reply of its own registration: wait for in-flight registrations to settle.
        for (int tries = 0; callbacks.Count == 0 && Volatile.Read(ref _pendingRegistrations) > 0 && tries < 50; tries++)
        {
            await Task.WhenAny(Volatile.Read(ref _registrationSettled).Task, Task.Delay(100)).ConfigureAwait(false);
            callbacks = Callbacks(callbackId);
        }
        if (callbacks.Count == 0) return;

        object? evt = DecodeEvent((RemoteProcedure)procedure, payload.Span);
        if (evt is null) return;
        foreach (var cb in callbacks)
        {
            switch (cb, evt)
            {
                case (Action<DomainEvent> a, DomainEvent e): a(e); break;
                case (Action<NetworkLifecycleEvent> a, NetworkLifecycleEvent e): a(e); break;
                case (Action<StoragePoolEvent> a, StoragePoolEvent e): a(e); break;
            }
        }
    }

    private List<Delegate> Callbacks(int callbackId)
    {
        lock (_eventLock)
        {
            if (!_byCallbackId.TryGetValue(callbackId, out var reg)) return [];
            return reg.LocalIds.Select(id => _local[id].Callback).ToList();
        }
    }

    /// <summary>Decodes an event MESSAGE payload (callback form, starting with callbackID) into an API event.</summary>
    internal object? DecodeEvent(RemoteProcedure procedure, ReadOnlySpan<byte> payload)
    {
        Domain D(RemoteNonnullDomain h) => Wrap(h);
        return procedure switch
        {
            RemoteProcedure.DomainEventCallbackLifecycle => Decode<DomainEventCallbackLifecycleMsg>(payload) is var m
                ? new DomainLifecycleEvent(D(m.Msg.Dom), (DomainLifecycleEventType)m.Msg.Event, m.Msg.Detail) : null,
            RemoteProcedure.DomainEventCallbackReboot => new DomainSimpleEvent(D(Decode<DomainEventCallbackMsg>(payload).Msg.Dom), DomainEventId.Reboot),
            RemoteProcedure.DomainEventCallbackControlError => new DomainSimpleEvent(D(Decode<DomainEventCallbackMsg>(payload).Msg.Dom), DomainEventId.ControlError),
            RemoteProcedure.DomainEventCallbackRtcChange => Decode<DomainEventCallbackRtcChangeMsg>(payload) is var m
                ? new DomainRtcChangeEvent(D(m.Msg.Dom), m.Msg.Offset) : null,
            RemoteProcedure.DomainEventCallbackWatchdog => Decode<DomainEventCallbackWatchdogMsg>(payload) is var m
                ? new DomainWatchdogEvent(D(m.Msg.Dom), m.Msg.Action) : null,
            RemoteProcedure.DomainEventCallbackIoError => Decode<DomainEventCallbackIoErrorMsg>(payload) is var m
                ? new DomainIoErrorEvent(D(m.Msg.Dom), m.Msg.SrcPath, m.Msg.DevAlias, m.Msg.Action, null) : null,
            RemoteProcedure.DomainEventCallbackIoErrorReason => Decode<DomainEventCallbackIoErrorReasonMsg>(payload) is var m
                ? new DomainIoErrorEvent(D(m.Msg.Dom), m.Msg.SrcPath, m.Msg.DevAlias, m.Msg.Action, m.Msg.Reason) : null,
            RemoteProcedure.DomainEventCallbackGraphics => Decode<DomainEventCallbackGraphicsMsg>(payload) is var m
                ? new DomainGraphicsEvent(D(m.Msg.Dom), m.Msg.Phase,
                    new GraphicsAddress(m.Msg.Local.Family, m.Msg.Local.Node, m.Msg.Local.Service),
                    new GraphicsAddress(m.Msg.Remote.Family, m.Msg.Remote.Node, m.Msg.Remote.Service),
                    m.Msg.AuthScheme, m.Msg.Subject.Select(s => new KeyValuePair<string, string>(s.Type, s.Name)).ToList()) : null,
            RemoteProcedure.DomainEventCallbackBlockJob => Decode<DomainEventCallbackBlockJobMsg>(payload) is var m
                ? new DomainBlockJobEvent(D(m.Msg.Dom), DomainEventId.BlockJob, m.Msg.Path, m.Msg.Type, m.Msg.Status) : null,
            RemoteProcedure.DomainEventBlockJob2 => Decode<DomainEventBlockJob2Msg>(payload) is var m
                ? new DomainBlockJobEvent(D(m.Dom), DomainEventId.BlockJob2, m.Dst, m.Type, m.Status) : null,
            RemoteProcedure.DomainEventCallbackDiskChange => Decode<DomainEventCallbackDiskChangeMsg>(payload) is var m
                ? new DomainDiskChangeEvent(D(m.Msg.Dom), m.Msg.OldSrcPath, m.Msg.NewSrcPath, m.Msg.DevAlias, m.Msg.Reason) : null,
            RemoteProcedure.DomainEventCallbackTrayChange => Decode<DomainEventCallbackTrayChangeMsg>(payload) is var m
                ? new DomainTrayChangeEvent(D(m.Msg.Dom), m.Msg.DevAlias, m.Msg.Reason) : null,
            RemoteProcedure.DomainEventCallbackPmwakeup => Pm(DomainEventId.PmWakeup, Decode<DomainEventCallbackPmMsg>(payload)),
            RemoteProcedure.DomainEventCallbackPmsuspend => Pm(DomainEventId.PmSuspend, Decode<DomainEventCallbackPmMsg>(payload)),
            RemoteProcedure.DomainEventCallbackPmsuspendDisk => Pm(DomainEventId.PmSuspendDisk, Decode<DomainEventCallbackPmMsg>(payload)),
            RemoteProcedure.DomainEventCallbackBalloonChange => Decode<DomainEventCallbackBalloonChangeMsg>(payload) is var m
                ? new DomainBalloonChangeEvent(D(m.Msg.Dom), m.Msg.Actual) : null,
            RemoteProcedure.DomainEventCallbackDeviceRemoved => Decode<DomainEventCallbackDeviceRemovedMsg>(payload) is var m
                ? new DomainDeviceEvent(D(m.Msg.Dom), DomainEventId.DeviceRemoved, m.Msg.DevAlias) : null,
            RemoteProcedure.DomainEventCallbackDeviceAdded => Decode<DomainEventCallbackDeviceAddedMsg>(payload) is var m
                ? new DomainDeviceEvent(D(m.Dom), DomainEventId.DeviceAdded, m.DevAlias) : null,
            RemoteProcedure.DomainEventCallbackDeviceRemovalFailed => Decode<DomainEventCallbackDeviceAddedMsg>(payload) is var m
                ? new DomainDeviceEvent(D(m.Dom), DomainEventId.DeviceRemovalFailed, m.DevAlias) : null,
            RemoteProcedure.DomainEventCallbackTunable => Decode<DomainEventCallbackTunableMsg>(payload) is var m
                ? new DomainParametersEvent(D(m.Dom), DomainEventId.Tunable, m.Params) : null,
            RemoteProcedure.DomainEventCallbackJobCompleted => Decode<DomainEventCallbackJobCompletedMsg>(payload) is var m
                ? new DomainParametersEvent(D(m.Dom), DomainEventId.JobCompleted, m.Params) : null,
            RemoteProcedure.DomainEventCallbackAgentLifecycle => Decode<DomainEventCallbackAgentLifecycleMsg>(payload) is var m
                ? new DomainAgentLifecycleEvent(D(m.Dom), m.State, m.Reason) : null,
            RemoteProcedure.DomainEventCallbackMigrationIteration => Decode<DomainEventCallbackMigrationIterationMsg>(payload) is var m
                ? new DomainMigrationIterationEvent(D(m.Dom), m.Iteration) : null,
            RemoteProcedure.DomainEventCallbackMetadataChange => Decode<DomainEventCallbackMetadataChangeMsg>(payload) is var m
                ? new DomainMetadataChangeEvent(D(m.Dom), m.Type, m.Nsuri) : null,
            RemoteProcedure.DomainEventBlockThreshold => Decode<DomainEventBlockThresholdMsg>(payload) is var m
                ? new DomainBlockThresholdEvent(D(m.Dom), m.Dev, m.Path, m.Threshold, m.Excess) : null,
            RemoteProcedure.DomainEventMemoryFailure => Decode<DomainEventMemoryFailureMsg>(payload) is var m
                ? new DomainMemoryFailureEvent(D(m.Dom), m.Recipient, m.Action, m.Flags) : null,
            RemoteProcedure.DomainEventMemoryDeviceSizeChange => Decode<DomainEventMemoryDeviceSizeChangeMsg>(payload) is var m
                ? new DomainMemoryDeviceSizeChangeEvent(D(m.Dom), m.Alias, m.Size) : null,
            RemoteProcedure.NetworkEventLifecycle => Decode<NetworkEventLifecycleMsg>(payload) is var m
                ? new NetworkLifecycleEvent(Wrap(m.Net), m.Event, m.Detail) : null,
            RemoteProcedure.StoragePoolEventLifecycle => Decode<StoragePoolEventLifecycleMsg>(payload) is var m
                ? new StoragePoolEvent(Wrap(m.Pool), m.Event, m.Detail) : null,
            RemoteProcedure.StoragePoolEventRefresh => new StoragePoolEvent(Wrap(Decode<StoragePoolEventRefreshMsg>(payload).Pool), null, 0),
            _ => null,
        };

        DomainPmEvent Pm(DomainEventId kind, DomainEventCallbackPmMsg m) => new(Wrap(m.Msg.Dom), kind, m.Reason);
    }

    private static T Decode<T>(ReadOnlySpan<byte> payload) where T : IXdrMessage<T> => XdrCodec.Decode<T>(payload);
}
