using Vireo.Protocol.Remote;

namespace Vireo.Client.Api;

public sealed partial class Domain
{
    /// <summary>virDomainMigrateStartPostCopy: the running migration (started with VIR_MIGRATE_POSTCOPY) switches to post-copy.</summary>
    public Task MigrateStartPostCopyAsync(uint flags = 0)
    {
        if (Connection.ReadOnly) throw Connection.ReadOnlyDenied("virDomainMigrateStartPostCopy");
        return CallVoidAsync(RemoteProcedure.DomainMigrateStartPostCopy, ArgsWith(flags));
    }
}
