using Vireo.Protocol.Remote;
using Vireo.Protocol.Remote.Messages;
using Vireo.Protocol.Xdr;

namespace Vireo.Client.Api;

// The destination's half of a tunnelled migration, for a caller that drives the source itself (vireod in
// peer-to-peer mode with VIR_MIGRATE_TUNNELLED): the migration data then goes through the returned stream.
public sealed partial class Connection
{
    /// <summary>virDomainMigratePrepareTunnel3Params: the stream to send QEMU's migration data into, and the cookie for Perform.</summary>
    public async Task<(VirStream Stream, byte[] Cookie)> MigratePrepareTunnel3ParamsAsync(IReadOnlyList<TypedParameter> prms, byte[] cookie, uint flags)
    {
        var args = new MigratePrepareTunnel3ParamsArgs([.. prms], cookie, flags);
        var (stream, reply) = await VirStream.OpenAsync(Rpc, (int)RemoteProcedure.DomainMigratePrepareTunnel3Params, args.Encode).ConfigureAwait(false);
        return (stream, XdrCodec.Decode<MigratePrepareTunnel3ParamsRet>(reply.Payload.Span).CookieOut);
    }
}
