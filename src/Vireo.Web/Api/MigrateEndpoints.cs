using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Vireo.Client.Api;
using Vireo.Protocol.Errors;
using Vireo.Web.Hosts;

namespace Vireo.Web.Api;

/// <summary>
/// The Migrate dialog (12.4): a destination among the other connections, live or offline, keep the definition on the
/// destination and drop it from the source. Driven as vsh migrate drives it (virDomainMigrate3 through Vireo.Client);
/// the page polls the job for progress while the call runs.
/// </summary>
public static class MigrateEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        var d = api.MapGroup("/c/{cid}/d/{uuid}");
        d.MapPost("/migrate", async (string cid, string uuid, MigrateRequest req, ConnectionManager m) =>
        {
            var (conn, dom) = await DomainEndpoints.LookupAsync(m, cid, uuid);
            if (string.IsNullOrEmpty(req.Dest)) throw new WebInputException("choose the destination connection", "dest");
            if (req.Dest == cid) throw new WebInputException("the destination must be another connection than the guest's own", "dest");
            ManagedConnection target;
            try
            {
                target = m.Get(req.Dest);
            }
            catch (LibvirtException)
            {
                throw new WebInputException($"no connection '{req.Dest}'", "dest");
            }
            if (target.ReadOnly) throw new WebInputException($"{target.Uri} is read-only: a guest cannot migrate to it", "dest");
            if (target.Client is not { } destination) throw new WebInputException($"{target.Uri} is not connected ({target.State})", "dest");
            bool active = await dom.IsActiveAsync();
            var flags = req.Mode switch
            {
                "live" when !active => throw new WebInputException("the guest is not running: only an offline migration moves it", "mode"),
                "live" => MigrateFlags.Live,
                "offline" when !req.Persistent => throw new WebInputException("an offline migration moves the definition: keep 'persistent on the destination' on", "persistent"),
                "offline" => MigrateFlags.Offline,
                _ => throw new WebInputException("choose live or offline migration", "mode"),
            };
            if (req.Persistent) flags |= MigrateFlags.PersistDest;
            if (req.UndefineSource) flags |= MigrateFlags.UndefineSource;
            var moved = await dom.MigrateAsync(destination, [], flags);
            await conn.RefreshAsync();
            await target.RefreshAsync();
            return new MigrateReply(target.Id, moved.UuidString, $"'{dom.Name}' migrated to {target.Uri}.");
        });
        d.MapGet("/job", async (string cid, string uuid, ConnectionManager m) =>
        {
            var (_, dom) = await DomainEndpoints.LookupAsync(m, cid, uuid);
            var job = await dom.GetJobInfoAsync();
            return new JobReply(job.Type.ToString(), job.TimeElapsed, job.DataTotal, job.DataProcessed, job.DataRemaining);
        });
    }
}
