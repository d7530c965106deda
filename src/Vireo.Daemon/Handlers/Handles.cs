using Vireo.Drivers.Domains;
using Vireo.Drivers.Networks;
using Vireo.Drivers.Storage;
using Vireo.Protocol.Remote;

namespace Vireo.Daemon.Handlers;

/// <summary>Conversions between wire handles and driver references.</summary>
public static class Handles
{
    public static DomainRef ToRef(this RemoteNonnullDomain d) => new(d.Name, d.Uuid, d.Id);
    public static RemoteNonnullDomain ToWire(this DomainRef d) => new(d.Name, d.Uuid, d.Id);
    public static NetworkRef ToRef(this RemoteNonnullNetwork n) => new(n.Name, n.Uuid);
    public static RemoteNonnullNetwork ToWire(this NetworkRef n) => new(n.Name, n.Uuid);
    public static StoragePoolRef ToRef(this RemoteNonnullStoragePool p) => new(p.Name, p.Uuid);
    public static RemoteNonnullStoragePool ToWire(this StoragePoolRef p) => new(p.Name, p.Uuid);
    public static StorageVolRef ToRef(this RemoteNonnullStorageVol v) => new(v.Pool, v.Name, v.Key);
    public static RemoteNonnullStorageVol ToWire(this StorageVolRef v) => new(v.Pool, v.Name, v.Key);

    /// <summary>Packs one bool per CPU into libvirt's cpumap bytes (bit i of byte i/8).</summary>
    public static byte[] PackCpuMap(bool[] cpus, int maplen)
    {
        var map = new byte[maplen];
        for (int i = 0; i < cpus.Length && i / 8 < maplen; i++)
            if (cpus[i]) map[i / 8] |= (byte)(1 << (i % 8));
        return map;
    }

    public static bool[] UnpackCpuMap(byte[] map, int cpus)
    {
        var result = new bool[cpus];
        for (int i = 0; i < cpus && i / 8 < map.Length; i++) result[i] = (map[i / 8] & (1 << (i % 8))) != 0;
        return result;
    }
}
