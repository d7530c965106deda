using Vireo.Protocol.Xdr;

namespace Vireo.Protocol.Remote.Messages;

// Event registration (callback scheme) and the non-domain event messages (remote_protocol.x, libvirt 9.0).
// Field order = wire order. Every register_any ret is IntRet {int callbackID}; every deregister_any args is
// IntArgs {int callbackID} (317, 314, 369, 375, 381). The legacy 167/168 domain register/deregister_any args are
// IntArgs {int eventID}. Event messages travel as type=MESSAGE, serial=1, and start with callbackID.

/// <summary>remote_connect_domain_event_callback_register_any_args (316): eventID and an optional domain filter (NULL = all).</summary>
public sealed record ConnectDomainEventCallbackRegisterAnyArgs(int EventId, RemoteNonnullDomain? Dom)
    : IXdrMessage<ConnectDomainEventCallbackRegisterAnyArgs>
{
    public void Encode(XdrWriter w) { w.WriteInt(EventId); MessageCodec.WriteOptional(w, Dom); }
    public static ConnectDomainEventCallbackRegisterAnyArgs Decode(ref XdrReader r) =>
        new(r.ReadInt(), MessageCodec.ReadOptional<RemoteNonnullDomain>(ref r));
}

/// <summary>remote_connect_network_event_register_any_args (313): eventID and an optional network filter.</summary>
public sealed record ConnectNetworkEventRegisterAnyArgs(int EventId, RemoteNonnullNetwork? Net) : IXdrMessage<ConnectNetworkEventRegisterAnyArgs>
{
    public void Encode(XdrWriter w) { w.WriteInt(EventId); MessageCodec.WriteOptional(w, Net); }
    public static ConnectNetworkEventRegisterAnyArgs Decode(ref XdrReader r) =>
        new(r.ReadInt(), MessageCodec.ReadOptional<RemoteNonnullNetwork>(ref r));
}

/// <summary>remote_connect_storage_pool_event_register_any_args (368): eventID and an optional pool filter.</summary>
public sealed record ConnectStoragePoolEventRegisterAnyArgs(int EventId, RemoteNonnullStoragePool? Pool)
    : IXdrMessage<ConnectStoragePoolEventRegisterAnyArgs>
{
    public void Encode(XdrWriter w) { w.WriteInt(EventId); MessageCodec.WriteOptional(w, Pool); }
    public static ConnectStoragePoolEventRegisterAnyArgs Decode(ref XdrReader r) =>
        new(r.ReadInt(), MessageCodec.ReadOptional<RemoteNonnullStoragePool>(ref r));
}

/// <summary>remote_connect_node_device_event_register_any_args (374): eventID and an optional device filter.</summary>
public sealed record ConnectNodeDeviceEventRegisterAnyArgs(int EventId, RemoteNonnullNodeDevice? Dev)
    : IXdrMessage<ConnectNodeDeviceEventRegisterAnyArgs>
{
    public void Encode(XdrWriter w) { w.WriteInt(EventId); MessageCodec.WriteOptional(w, Dev); }
    public static ConnectNodeDeviceEventRegisterAnyArgs Decode(ref XdrReader r) =>
        new(r.ReadInt(), MessageCodec.ReadOptional<RemoteNonnullNodeDevice>(ref r));
}

/// <summary>remote_connect_secret_event_register_any_args (380): eventID and an optional secret filter.</summary>
public sealed record ConnectSecretEventRegisterAnyArgs(int EventId, RemoteNonnullSecret? Secret) : IXdrMessage<ConnectSecretEventRegisterAnyArgs>
{
    public void Encode(XdrWriter w) { w.WriteInt(EventId); MessageCodec.WriteOptional(w, Secret); }
    public static ConnectSecretEventRegisterAnyArgs Decode(ref XdrReader r) =>
        new(r.ReadInt(), MessageCodec.ReadOptional<RemoteNonnullSecret>(ref r));
}

/// <summary>remote_network_event_lifecycle_msg (315): event DEFINED 0, UNDEFINED 1, STARTED 2, STOPPED 3.</summary>
public sealed record NetworkEventLifecycleMsg(int CallbackId, RemoteNonnullNetwork Net, int Event, int Detail) : IXdrMessage<NetworkEventLifecycleMsg>
{
    public void Encode(XdrWriter w) { w.WriteInt(CallbackId); Net.Encode(w); w.WriteInt(Event); w.WriteInt(Detail); }
    public static NetworkEventLifecycleMsg Decode(ref XdrReader r) => new(r.ReadInt(), RemoteNonnullNetwork.Decode(ref r), r.ReadInt(), r.ReadInt());
}

/// <summary>remote_storage_pool_event_lifecycle_msg (370).</summary>
public sealed record StoragePoolEventLifecycleMsg(int CallbackId, RemoteNonnullStoragePool Pool, int Event, int Detail)
    : IXdrMessage<StoragePoolEventLifecycleMsg>
{
    public void Encode(XdrWriter w) { w.WriteInt(CallbackId); Pool.Encode(w); w.WriteInt(Event); w.WriteInt(Detail); }
    public static StoragePoolEventLifecycleMsg Decode(ref XdrReader r) =>
        new(r.ReadInt(), RemoteNonnullStoragePool.Decode(ref r), r.ReadInt(), r.ReadInt());
}

/// <summary>remote_storage_pool_event_refresh_msg (373).</summary>
public sealed record StoragePoolEventRefreshMsg(int CallbackId, RemoteNonnullStoragePool Pool) : IXdrMessage<StoragePoolEventRefreshMsg>
{
    public void Encode(XdrWriter w) { w.WriteInt(CallbackId); Pool.Encode(w); }
    public static StoragePoolEventRefreshMsg Decode(ref XdrReader r) => new(r.ReadInt(), RemoteNonnullStoragePool.Decode(ref r));
}

/// <summary>remote_node_device_event_lifecycle_msg (376).</summary>
public sealed record NodeDeviceEventLifecycleMsg(int CallbackId, RemoteNonnullNodeDevice Dev, int Event, int Detail)
    : IXdrMessage<NodeDeviceEventLifecycleMsg>
{
    public void Encode(XdrWriter w) { w.WriteInt(CallbackId); Dev.Encode(w); w.WriteInt(Event); w.WriteInt(Detail); }
    public static NodeDeviceEventLifecycleMsg Decode(ref XdrReader r) =>
        new(r.ReadInt(), RemoteNonnullNodeDevice.Decode(ref r), r.ReadInt(), r.ReadInt());
}

/// <summary>remote_node_device_event_update_msg (377).</summary>
public sealed record NodeDeviceEventUpdateMsg(int CallbackId, RemoteNonnullNodeDevice Dev) : IXdrMessage<NodeDeviceEventUpdateMsg>
{
    public void Encode(XdrWriter w) { w.WriteInt(CallbackId); Dev.Encode(w); }
    public static NodeDeviceEventUpdateMsg Decode(ref XdrReader r) => new(r.ReadInt(), RemoteNonnullNodeDevice.Decode(ref r));
}

/// <summary>remote_secret_event_lifecycle_msg (382).</summary>
public sealed record SecretEventLifecycleMsg(int CallbackId, RemoteNonnullSecret Secret, int Event, int Detail) : IXdrMessage<SecretEventLifecycleMsg>
{
    public void Encode(XdrWriter w) { w.WriteInt(CallbackId); Secret.Encode(w); w.WriteInt(Event); w.WriteInt(Detail); }
    public static SecretEventLifecycleMsg Decode(ref XdrReader r) => new(r.ReadInt(), RemoteNonnullSecret.Decode(ref r), r.ReadInt(), r.ReadInt());
}

/// <summary>remote_secret_event_value_changed_msg (383).</summary>
public sealed record SecretEventValueChangedMsg(int CallbackId, RemoteNonnullSecret Secret) : IXdrMessage<SecretEventValueChangedMsg>
{
    public void Encode(XdrWriter w) { w.WriteInt(CallbackId); Secret.Encode(w); }
    public static SecretEventValueChangedMsg Decode(ref XdrReader r) => new(r.ReadInt(), RemoteNonnullSecret.Decode(ref r));
}

/// <summary>
/// remote_connect_event_connection_closed_msg (362): virConnectCloseReason (0 error, 1 eof, 2 keepalive, 3 client).
/// Sent only to clients that called 360 CONNECT_REGISTER_CLOSE_CALLBACK.
/// </summary>
public sealed record ConnectEventConnectionClosedMsg(int Reason) : IXdrMessage<ConnectEventConnectionClosedMsg>
{
    public void Encode(XdrWriter w) => w.WriteInt(Reason);
    public static ConnectEventConnectionClosedMsg Decode(ref XdrReader r) => new(r.ReadInt());
}
