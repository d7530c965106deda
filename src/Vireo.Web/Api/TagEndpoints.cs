using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Vireo.Web.Hosts;

namespace Vireo.Web.Api;

/// <summary>A guest's tags (GuestTags): replaced as a whole, or some added and some removed (the bulk "Tags…" action).</summary>
public static class TagEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapPost("/c/{cid}/d/{uuid}/tags", async (string cid, string uuid, TagsRequest req, ConnectionManager m) =>
        {
            var (conn, dom) = await DomainEndpoints.LookupAsync(m, cid, uuid);
            var add = GuestTags.Validate(req.Tags ?? req.Add);
            var remove = GuestTags.Validate(req.Remove);
            string[] tags = req.Tags is not null ? add
                : GuestTags.Validate((await GuestTags.ReadAsync(dom)).Concat(add).Where(t => !remove.Contains(t, StringComparer.OrdinalIgnoreCase)));
            await GuestTags.WriteAsync(dom, tags);
            conn.ForgetTags(uuid);
            await conn.RefreshAsync();
            return new TagsReply(tags, tags.Length == 0 ? "no tags" : "tags: " + string.Join(", ", tags));
        });
    }
}

public sealed record TagsRequest(List<string>? Tags, List<string>? Add, List<string>? Remove);
public sealed record TagsReply(string[] Tags, string Message);

