using Vireo.Protocol.Xdr;

namespace Vireo.Protocol.Remote.Messages;

// virNodeGetCPUStats (160) and virNodeGetMemoryStats (161) in remote_protocol.x, libvirt 9.0. Field order = wire order.

/// <summary>remote_node_get_cpu_stats_args.</summary>
public sealed record NodeGetCpuStatsArgs(int CpuNum, int Nparams, uint Flags) : IXdrMessage<NodeGetCpuStatsArgs>
{
    public void Encode(XdrWriter w) { w.WriteInt(CpuNum); w.WriteInt(Nparams); w.WriteUInt(Flags); }
    public static NodeGetCpuStatsArgs Decode(ref XdrReader r) => new(r.ReadInt(), r.ReadInt(), r.ReadUInt());
}

/// <summary>remote_node_get_memory_stats_args.</summary>
public sealed record NodeGetMemoryStatsArgs(int Nparams, int CellNum, uint Flags) : IXdrMessage<NodeGetMemoryStatsArgs>
{
    public void Encode(XdrWriter w) { w.WriteInt(Nparams); w.WriteInt(CellNum); w.WriteUInt(Flags); }
    public static NodeGetMemoryStatsArgs Decode(ref XdrReader r) => new(r.ReadInt(), r.ReadInt(), r.ReadUInt());
}

/// <summary>
/// remote_node_get_cpu_stats_ret / remote_node_get_memory_stats_ret: params&lt;16&gt; of {field, unsigned hyper value}
/// and nparams (asked with nparams 0, the server sends no params, only how many there are).
/// </summary>
public sealed record NodeStatsRet((string Field, ulong Value)[] Params, int Nparams) : IXdrMessage<NodeStatsRet>
{
    public const int Max = 16;

    public void Encode(XdrWriter w)
    {
        if (Params.Length > Max)
            throw new XdrException($"too many node stats parameters ({Params.Length} > {Max})");
        w.WriteUInt((uint)Params.Length);
        foreach (var (field, value) in Params)
        {
            w.WriteString(field);
            w.WriteUHyper(value);
        }
        w.WriteInt(Nparams);
    }

    public static NodeStatsRet Decode(ref XdrReader r)
    {
        uint n = r.ReadUInt();
        if (n > Max)
            throw new XdrException($"too many node stats parameters ({n} > {Max})");
        var p = new (string, ulong)[n];
        for (int i = 0; i < n; i++)
            p[i] = (r.ReadString(), r.ReadUHyper());
        return new NodeStatsRet(p, r.ReadInt());
    }
}
