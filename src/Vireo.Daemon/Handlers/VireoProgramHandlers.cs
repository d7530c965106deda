using Vireo.Daemon.Server;
using Vireo.Drivers.Networks;
using Vireo.Protocol.Errors;
using Vireo.Protocol.Remote.Messages;
using Vireo.Protocol.Xdr;

namespace Vireo.Daemon.Handlers;

/// <summary>
/// Vireo's extension program (ProgramIds.Vireo): calls libvirt has no RPC for. VIREO_PROC_NETWORK_DIAGNOSE is
/// net-doctor: the foreign firewall rules that would drop a network's traffic. Read-only connections may ask
/// (it only reads the ruleset), as they may read a network's XML.
/// </summary>
public static class VireoProgramHandlers
{
    public static async Task<IXdrEncodable> HandleAsync(ClientSession session, int procedure, ReadOnlyMemory<byte> payload)
    {
        if (procedure != VireoProcedure.NetworkDiagnose)
            throw new LibvirtException(ErrorCode.Rpc, ErrorDomain.Rpc, $"unknown procedure: {procedure}");
        var driver = session.Driver ?? throw new LibvirtException(ErrorCode.InternalError, ErrorDomain.Rpc, "internal error: hypervisor connection not open");
        var a = XdrCodec.Decode<VireoNetworkDiagnoseArgs>(payload.Span);
        if (a.Flags != 0)
            throw LibvirtException.InvalidArg($"unsupported flags (0x{a.Flags:x}) in function vireoNetworkDiagnose", ErrorDomain.Network);
        if (driver.Networks is not INetworkDoctor doctor)
            throw LibvirtException.NoSupport("vireoNetworkDiagnose", ErrorDomain.Network);
        var findings = await doctor.DiagnoseFirewallAsync(a.Net.ToRef()).ConfigureAwait(false);
        return new VireoNetworkDiagnoseRet(findings.Select(f => new VireoFirewallFinding(f.Family, f.Table, f.Chain, f.Problem, f.Advice)).ToArray());
    }
}
