using Vireo.Protocol.Remote.Messages;
using Vireo.Protocol.Rpc;
using Vireo.Protocol.Xdr;

namespace Vireo.Client.Api;

/// <summary>Calls of Vireo's extension program on a network (vireod only; libvirtd answers "Cannot find program").</summary>
public static class NetworkDoctor
{
    /// <summary>net-doctor: the foreign firewall rules that would drop the network's traffic (empty when none).</summary>
    public static async Task<IReadOnlyList<VireoFirewallFinding>> DiagnoseAsync(this Network net)
    {
        var reply = await net.Connection.Rpc.CallProgramRawAsync(ProgramIds.Vireo, VireoProcedure.NetworkDiagnose,
            new VireoNetworkDiagnoseArgs(net.Handle, 0).Encode).ConfigureAwait(false);
        return XdrCodec.Decode<VireoNetworkDiagnoseRet>(reply.Payload.Span).Findings;
    }
}
