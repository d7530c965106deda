using Vireo.Protocol.Remote;
using Vireo.Protocol.Remote.Messages;

namespace Vireo.Client.Api;

public sealed partial class Domain
{
    /// <summary>virDomainGetBlockInfo: allocation, capacity and physical size (bytes) of a disk named by target or source path.</summary>
    public Task<DomainGetBlockInfoRet> GetBlockInfoAsync(string disk, uint flags = 0) =>
        CallAsync<DomainGetBlockInfoArgs, DomainGetBlockInfoRet>(RemoteProcedure.DomainGetBlockInfo, new(Handle, disk, flags));
}
