namespace Vireo.Protocol.Rpc;

/// <summary>RPC program numbers that share libvirt's sockets (all version 1).</summary>
public static class ProgramIds
{
    public const uint Remote = 0x20008086;
    public const uint Qemu = 0x20008087;
    /// <summary>Vireo's own extensions ("vire"): calls libvirt has no RPC for, such as net-doctor.</summary>
    public const uint Vireo = 0x76697265;
    public const uint Lxc = 0x00068000;
    public const uint Keepalive = 0x6b656570;
    public const uint Admin = 0x06900690;
    public const uint Version = 1;

    /// <summary>Keepalive procedures.</summary>
    public const int KeepalivePing = 1;
    public const int KeepalivePong = 2;
}
