using Vireo.Protocol.Xdr;

namespace Vireo.Protocol.Remote.Messages;

// Vireo's extension program (ProgramIds.Vireo, version 1): calls beyond libvirt's protocol. Field order = wire order.

/// <summary>Procedure numbers of the Vireo program.</summary>
public static class VireoProcedure
{
    /// <summary>net-doctor: foreign firewall rules that would drop a network's traffic.</summary>
    public const int NetworkDiagnose = 1;
}

/// <summary>vireo_network_diagnose_args (1): the network and flags (none defined, must be 0).</summary>
public sealed record VireoNetworkDiagnoseArgs(RemoteNonnullNetwork Net, uint Flags) : IXdrMessage<VireoNetworkDiagnoseArgs>
{
    public void Encode(XdrWriter w) { Net.Encode(w); w.WriteUInt(Flags); }
    public static VireoNetworkDiagnoseArgs Decode(ref XdrReader r) => new(RemoteNonnullNetwork.Decode(ref r), r.ReadUInt());
}

/// <summary>One finding: the nftables family, table and chain of the foreign rule, what it does, what to do.</summary>
public sealed record VireoFirewallFinding(string Family, string Table, string Chain, string Problem, string Advice) : IXdrMessage<VireoFirewallFinding>
{
    public void Encode(XdrWriter w) { w.WriteString(Family); w.WriteString(Table); w.WriteString(Chain); w.WriteString(Problem); w.WriteString(Advice); }
    public static VireoFirewallFinding Decode(ref XdrReader r) => new(r.ReadString(), r.ReadString(), r.ReadString(), r.ReadString(), r.ReadString());
}

/// <summary>vireo_network_diagnose_ret (1): the findings, empty when nothing stands in the way.</summary>
public sealed record VireoNetworkDiagnoseRet(VireoFirewallFinding[] Findings) : IXdrMessage<VireoNetworkDiagnoseRet>
{
    public const int MaxFindings = 1024;

    public void Encode(XdrWriter w)
    {
        w.WriteUInt((uint)Findings.Length);
        foreach (var f in Findings)
            f.Encode(w);
    }

    public static VireoNetworkDiagnoseRet Decode(ref XdrReader r)
    {
        var n = r.ReadCount(MaxFindings);
        var findings = new VireoFirewallFinding[n];
        for (int i = 0; i < n; i++)
            findings[i] = VireoFirewallFinding.Decode(ref r);
        return new VireoNetworkDiagnoseRet(findings);
    }

    public bool Equals(VireoNetworkDiagnoseRet? other) => other is not null && Findings.SequenceEqual(other.Findings);

    public override int GetHashCode() => Findings.Length;
}
