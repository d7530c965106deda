using Vireo.Protocol.Xdr;

namespace Vireo.Protocol.Remote.Messages;

// Messages of the connection-level procedures (remote_protocol.x, libvirt 9.0). Field order = wire order.

/// <summary>remote_connect_open_args.</summary>
public sealed record ConnectOpenArgs(string? Name, uint Flags) : IXdrMessage<ConnectOpenArgs>
{
    public void Encode(XdrWriter w) { w.WriteOptionalString(Name); w.WriteUInt(Flags); }
    public static ConnectOpenArgs Decode(ref XdrReader r) => new(r.ReadOptionalString(), r.ReadUInt());
}

/// <summary>remote_connect_supports_feature_args.</summary>
public sealed record ConnectSupportsFeatureArgs(int Feature) : IXdrMessage<ConnectSupportsFeatureArgs>
{
    public void Encode(XdrWriter w) => w.WriteInt(Feature);
    public static ConnectSupportsFeatureArgs Decode(ref XdrReader r) => new(r.ReadInt());
}

/// <summary>remote_connect_supports_feature_ret.</summary>
public sealed record ConnectSupportsFeatureRet(int Supported) : IXdrMessage<ConnectSupportsFeatureRet>
{
    public void Encode(XdrWriter w) => w.WriteInt(Supported);
    public static ConnectSupportsFeatureRet Decode(ref XdrReader r) => new(r.ReadInt());
}

/// <summary>remote_auth_list_ret: auth types the server wants (0 none, 1 sasl, 2 polkit).</summary>
public sealed record AuthListRet(int[] Types) : IXdrMessage<AuthListRet>
{
    public void Encode(XdrWriter w) { w.WriteUInt((uint)Types.Length); foreach (var t in Types) w.WriteInt(t); }
    public static AuthListRet Decode(ref XdrReader r)
    {
        int n = r.ReadCount(XdrLimits.AuthTypeListMax);
        var t = new int[n];
        for (int i = 0; i < n; i++) t[i] = r.ReadInt();
        return new(t);
    }
}

/// <summary>remote_connect_get_type_ret.</summary>
public sealed record ConnectGetTypeRet(string Type) : IXdrMessage<ConnectGetTypeRet>
{
    public void Encode(XdrWriter w) => w.WriteString(Type);
    public static ConnectGetTypeRet Decode(ref XdrReader r) => new(r.ReadString());
}

/// <summary>remote_connect_get_version_ret (also used for get_lib_version: hyper version).</summary>
public sealed record ConnectGetVersionRet(ulong HvVer) : IXdrMessage<ConnectGetVersionRet>
{
    public void Encode(XdrWriter w) => w.WriteUHyper(HvVer);
    public static ConnectGetVersionRet Decode(ref XdrReader r) => new(r.ReadUHyper());
}

/// <summary>remote_node_get_info_ret: model is char[32], each char 4 bytes on the wire.</summary>
public sealed record NodeGetInfoRet(string Model, ulong Memory, int Cpus, int Mhz, int Nodes, int Sockets, int Cores, int Threads)
    : IXdrMessage<NodeGetInfoRet>
{
    private const int ModelLength = 32;

    public void Encode(XdrWriter w)
    {
        var model = new byte[ModelLength];
        System.Text.Encoding.ASCII.GetBytes(Model.AsSpan(0, Math.Min(Model.Length, ModelLength - 1)), model);
        w.WriteFixedCharArray(model);
        w.WriteUHyper(Memory);
        w.WriteInt(Cpus); w.WriteInt(Mhz); w.WriteInt(Nodes); w.WriteInt(Sockets); w.WriteInt(Cores); w.WriteInt(Threads);
    }

    public static NodeGetInfoRet Decode(ref XdrReader r)
    {
        var model = r.ReadFixedCharArray(ModelLength);
        int end = Array.IndexOf(model, (byte)0);
        return new(System.Text.Encoding.ASCII.GetString(model, 0, end < 0 ? ModelLength : end),
            r.ReadUHyper(), r.ReadInt(), r.ReadInt(), r.ReadInt(), r.ReadInt(), r.ReadInt(), r.ReadInt());
    }
}
