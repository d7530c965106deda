using System.Text.RegularExpressions;
using System.Xml.Linq;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Vireo.Client.Api;
using Vireo.Install;
using Vireo.Install.Clone;
using Vireo.Install.Host;
using Vireo.Web.Hosts;

namespace Vireo.Web.Api;

/// <summary>
/// The Clone dialog (virt-manager's "Clone Virtual Machine"): the new name, each writable disk cloned or shared, a new
/// MAC per NIC. The work is Vireo.Install's GuestCloner, the same code as vireo-clone.
/// </summary>
public static partial class CloneEndpoints
{
    [GeneratedRegex("^[0-9a-fA-F]{2}(:[0-9a-fA-F]{2}){5}$")]
    private static partial Regex Mac();

    public static void Map(RouteGroupBuilder api)
    {
        var d = api.MapGroup("/c/{cid}/d/{uuid}");
        d.MapGet("/clone", async (string cid, string uuid, ConnectionManager m) =>
        {
            var (_, dom) = await DomainEndpoints.LookupAsync(m, cid, uuid);
            var xml = XDocument.Parse(await dom.GetXmlDescAsync(DomainXmlFlags.Inactive | DomainXmlFlags.Secure));
            var names = (await dom.Connection.ListAllDomainsAsync()).Select(x => x.Name).ToList();
            string name = GuestCloner.UniqueName(dom.Name + "-clone", names);
            var disks = GuestCloner.WritableDisks(xml.Root!)
                .Select(x => new CloneDiskRow(x.TargetDev, x.Source, GuestCloner.ClonePath(x.Source, name, dom.Name))).ToList();
            var nics = xml.Root!.Descendants("interface").Select(i => (string?)i.Element("mac")?.Attribute("address") ?? "").ToList();
            return new CloneInfo(name, disks, nics);
        });
        d.MapPost("/clone", async (string cid, string uuid, CloneRequest req, ConnectionManager m) =>
        {
            var (conn, dom) = await DomainEndpoints.LookupAsync(m, cid, uuid);
            NewVmEndpoints.CheckName(req.Name);
            var state = (await dom.GetInfoAsync()).State;
            if (state is not (DomainState.Shutoff or DomainState.Paused))
                throw new WebInputException($"'{dom.Name}' is running: shut it down or pause it before cloning");
            var macs = req.Macs ?? [];
            for (int i = 0; i < macs.Count; i++)
                if (!string.IsNullOrWhiteSpace(macs[i]) && !Mac().IsMatch(macs[i].Trim()))
                    throw new WebInputException($"invalid MAC address '{macs[i]}'", "mac" + i);
            var modes = req.Disks ?? [];
            var xml = XDocument.Parse(await dom.GetXmlDescAsync(DomainXmlFlags.Inactive | DomainXmlFlags.Secure));
            var facts = await ConnectionFacts.GatherAsync(dom.Connection);
            if (facts.DomainNames.Contains(req.Name!)) throw new WebInputException($"a guest named '{req.Name}' already exists", "name");
            ClonePlan plan;
            try
            {
                plan = GuestCloner.Plan(xml, req.Name!, facts, macs.Select(x => x.Trim().ToLowerInvariant()).ToList(), (i, disk) =>
                    i < modes.Count && modes[i] == "share" ? new CloneDiskChoice(CloneDiskMode.Share) : new CloneDiskChoice(CloneDiskMode.Copy));
            }
            catch (InstallException e)
            {
                throw new WebInputException(e.Message, e.Message.Contains("MAC", StringComparison.Ordinal) ? "mac0" : null);
            }
            Domain twin;
            try
            {
                twin = await GuestCloner.ExecuteAsync(dom.Connection, plan, nonsparse: false);
            }
            catch (InstallException e)
            {
                throw new WebInputException(e.Message);
            }
            await conn.RefreshAsync();
            return new CloneReply(twin.UuidString, twin.Name, $"Clone '{twin.Name}' created.");
        });
    }
}
