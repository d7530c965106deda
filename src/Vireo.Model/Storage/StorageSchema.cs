using Vireo.Model.Xml;

namespace Vireo.Model.Storage;

/// <summary>Storage pool and volume schemas as the model needs them, in libvirt 9.0's output order.</summary>
internal static class StorageSchema
{
    public static readonly ElementSpec Pool = new("pool", ["type"],
        ["name", "uuid", "capacity", "allocation", "available", "features", "source", "target", "refresh", "mount_opts", "config_opts"]);
    public static readonly ElementSpec PoolSource = new("source", [],
        ["host", "device", "dir", "adapter", "name", "protocol", "initiator", "format", "auth", "vendor", "product"]);
    public static readonly ElementSpec PoolTarget = new("target", [], ["path", "permissions"]);
    public static readonly ElementSpec Permissions = new("permissions", [], ["mode", "owner", "group", "label"]);

    public static readonly ElementSpec Volume = new("volume", ["type"],
        ["name", "key", "source", "capacity", "allocation", "physical", "target", "backingStore"]);
    public static readonly ElementSpec VolumeTarget = new("target", [],
        ["path", "format", "permissions", "timestamps", "encryption", "compat", "clusterSize", "nocow", "features"]);
    public static readonly ElementSpec BackingStore = new("backingStore", [], ["path", "format", "permissions", "timestamps"]);
}
