using System.Xml.Linq;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Vireo.Client.Api;
using Vireo.Protocol.Errors;
using Vireo.Web.Hosts;
using Vireo.Web.Xml;

namespace Vireo.Web.Api;

/// <summary>Guest actions (16.6) and the Details window's overview and Processor/Memory/Boot settings (16.3, 16.7).</summary>
public static class DomainEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        var d = api.MapGroup("/c/{cid}/d/{uuid}");
        d.MapPost("/action/{verb}", async (string cid, string uuid, string verb, ActionRequest? req, ConnectionManager m) =>
        {
            var (conn, dom) = await LookupAsync(m, cid, uuid);
            string msg = await RunActionAsync(dom, verb, req ?? new ActionRequest());
            await conn.RefreshAsync();
            return new MessageReply(msg);
        });
        d.MapGet("", async (string cid, string uuid, ConnectionManager m) =>
        {
            var (conn, dom) = await LookupAsync(m, cid, uuid);
            return await DetailsAsync(conn, dom);
        });
        d.MapGet("/stats", async (string cid, string uuid, ConnectionManager m) =>
        {
            var (conn, dom) = await LookupAsync(m, cid, uuid);
            return await StatsAsync(conn, dom);
        });
        d.MapPost("/vcpus", async (string cid, string uuid, CountRequest req, ConnectionManager m) =>
        {
            var (conn, dom) = await LookupAsync(m, cid, uuid);
            int max = conn.Node?.Cpus ?? 1;
            if (req.Count < 1) throw new WebInputException("a guest needs at least 1 virtual CPU", "count");
            string msg = await Changes.ApplyAsync(dom,
                async () =>
                {
                    if (req.Count > await dom.GetVcpusFlagsAsync(DomainVcpuFlags.Config | DomainVcpuFlags.Maximum))
                        await dom.SetVcpusFlagsAsync((uint)req.Count, DomainVcpuFlags.Config | DomainVcpuFlags.Maximum);
                    await dom.SetVcpusFlagsAsync((uint)req.Count, DomainVcpuFlags.Config);
                },
                () => dom.SetVcpusFlagsAsync((uint)req.Count, DomainVcpuFlags.Live));
            await conn.RefreshAsync();
            return new MessageReply(req.Count > max ? msg + $" Warning: more virtual CPUs than the host's {max} processors hurts performance." : msg);
        });
        d.MapPost("/memory", async (string cid, string uuid, MemoryRequest req, ConnectionManager m) =>
        {
            var (conn, dom) = await LookupAsync(m, cid, uuid);
            if (req.Mib < 1) throw new WebInputException("memory must be at least 1 MiB", "mib");
            ulong kib = req.Mib * 1024;
            string msg = await Changes.ApplyAsync(dom,
                async () =>
                {
                    var view = new DomainXmlView(await dom.GetXmlDescAsync(DomainXmlFlags.Inactive));
                    var max = (ulong?)XDocument.Parse(view.Xml).Root!.Element("memory") ?? 0;
                    if (kib > max) await dom.SetMemoryFlagsAsync(kib, DomainMemoryFlags.Config | DomainMemoryFlags.Maximum);
                    await dom.SetMemoryFlagsAsync(kib, DomainMemoryFlags.Config);
                },
                () => dom.SetMemoryFlagsAsync(kib, DomainMemoryFlags.Live));
            await conn.RefreshAsync();
            ulong hostMib = (conn.Node?.Memory ?? 0) / 1024;
            return new MessageReply(hostMib > 0 && req.Mib > hostMib ? msg + $" Warning: more memory than the host's {hostMib} MiB." : msg);
        });
        d.MapPost("/boot", async (string cid, string uuid, BootRequest req, ConnectionManager m) =>
        {
            var (_, dom) = await LookupAsync(m, cid, uuid);
            var devs = req.Devices ?? [];
            if (devs.Count == 0) throw new WebInputException("choose at least one boot device", "devices");
            foreach (var dev in devs) DeviceXml.Check(["hd", "cdrom", "network", "fd"], dev, "devices");
            var doc = XDocument.Parse(await dom.GetXmlDescAsync(DomainXmlFlags.Inactive | DomainXmlFlags.Secure));
            var os = doc.Root!.Element("os")!;
            os.Elements("boot").Remove();
            var after = os.Element("type");
            foreach (var dev in Enumerable.Reverse(devs)) after!.AddAfterSelf(new XElement("boot", new XAttribute("dev", dev)));
            await dom.Connection.DefineDomainXmlAsync(doc.ToString());
            return new MessageReply(await dom.IsActiveAsync() ? "Saved: the boot order applies at the next boot." : "Saved.");
        });
        d.MapPost("/autostart", async (string cid, string uuid, FlagRequest req, ConnectionManager m) =>
        {
            var (_, dom) = await LookupAsync(m, cid, uuid);
            await dom.SetAutostartAsync(req.On);
            return new MessageReply(req.On ? "The guest starts when the host boots." : "Autostart off.");
        });
    }

    public static async Task<(ManagedConnection Conn, Domain Dom)> LookupAsync(ConnectionManager m, string cid, string uuid)
    {
        var conn = m.Get(cid);
        return (conn, await conn.Require().LookupDomainByUuidStringAsync(uuid));
    }

    private static async Task<string> RunActionAsync(Domain dom, string verb, ActionRequest req)
    {
        switch (verb)
        {
            case "run":
            case "restore":
                await dom.StartAsync();
                return verb == "run" ? "started" : "restored";
            case "pause": await dom.SuspendAsync(); return "paused";
            case "resume": await dom.ResumeAsync(); return "resumed";
            case "shutdown": await dom.ShutdownAsync(); return "shutting down";
            case "reboot": await dom.RebootAsync(); return "rebooting";
            case "forceoff": await dom.DestroyAsync(); return "forced off";
            case "save": await dom.ManagedSaveAsync(); return "saved";
            case "delete": return await DeleteAsync(dom, req.DeleteStorage);
            default: throw new WebInputException($"unknown action '{verb}'");
        }
    }

    /// <summary>Delete (16.6): force off if running, undefine, and with <paramref name="withStorage"/> delete its disk volumes.</summary>
    private static async Task<string> DeleteAsync(Domain dom, bool withStorage)
    {
        var view = new DomainXmlView(await dom.GetXmlDescAsync());
        var files = view.Devices.Where(e => e.Name == "disk" && (string?)e.Attribute("device") is null or "disk")
            .Select(e => (string?)e.Element("source")?.Attribute("file") ?? (string?)e.Element("source")?.Attribute("dev"))
            .OfType<string>().ToList();
        if (await dom.IsActiveAsync()) await dom.DestroyAsync();
        // NVRAM only when the guest has one, as virt-manager: drivers without UEFI (the test driver) refuse the flag
        var undefine = DomainUndefineFlags.ManagedSave | DomainUndefineFlags.SnapshotsMetadata;
        if (XDocument.Parse(view.Xml).Root?.Element("os")?.Element("nvram") is not null) undefine |= DomainUndefineFlags.Nvram;
        if (await dom.IsPersistentAsync())
            await dom.UndefineFlagsAsync(undefine);
        if (!withStorage) return "deleted";
        var kept = new List<string>();
        foreach (var f in files)
        {
            try
            {
                var vol = await dom.Connection.LookupStorageVolumeByPathAsync(f);
                await vol.DeleteAsync();
            }
            catch (LibvirtException)
            {
                kept.Add(f);
            }
        }
        return kept.Count == 0 ? "deleted with its storage" : $"deleted; not in a storage pool, so left in place: {string.Join(", ", kept)}";
    }

    private static async Task<DomainDetails> DetailsAsync(ManagedConnection conn, Domain dom)
    {
        var info = await dom.GetInfoAsync();
        var view = new DomainXmlView(await dom.GetXmlDescAsync());
        bool persistent = await dom.IsPersistentAsync();
        bool autostart = persistent && await dom.GetAutostartAsync();
        int maxVcpus = info.VirtualCpus;
        try { maxVcpus = await dom.GetVcpusFlagsAsync(DomainVcpuFlags.Maximum | (GuestStates.IsActive(info.State) ? DomainVcpuFlags.Live : DomainVcpuFlags.Config)); }
        catch (LibvirtException) { }
        var fresh = await dom.Connection.LookupDomainByUuidAsync(dom.Uuid); // the id changes when it starts or stops
        return new DomainDetails(conn.Id, dom.Name, dom.UuidString, fresh.Id, GuestStates.Text(info.State), GuestStates.IsActive(info.State),
            persistent, autostart, view.Hypervisor, view.OsType, view.Arch, view.Machine, view.OsVariant,
            info.VirtualCpus, maxVcpus, info.Memory / 1024, info.MaxMemory / 1024, view.Boot, view.Hardware(), view.Graphics, view.HasSerial, conn.ReadOnly, view.Xml);
    }

    private static async Task<DomainStatsReply> StatsAsync(ManagedConnection conn, Domain dom)
    {
        var row = conn.Guests.FirstOrDefault(g => g.Uuid == dom.UuidString);
        ulong rd = 0, wr = 0, rx = 0, tx = 0;
        if (await dom.IsActiveAsync())
        {
            var view = new DomainXmlView(await dom.GetXmlDescAsync());
            foreach (var disk in view.DiskTargets.Where(t => t.Length > 0))
            {
                try
                {
                    var s = await dom.BlockStatsLegacyAsync(disk);
                    rd += (ulong)Math.Max(0, s.RdBytes);
                    wr += (ulong)Math.Max(0, s.WrBytes);
                }
                catch (LibvirtException) { }
            }
            foreach (var nic in view.Devices.Where(e => e.Name == "interface"))
            {
                var dev = (string?)nic.Element("target")?.Attribute("dev");
                if (dev is null) continue;
                try
                {
                    var s = await dom.InterfaceStatsAsync(dev);
                    rx += (ulong)Math.Max(0, s.RxBytes);
                    tx += (ulong)Math.Max(0, s.TxBytes);
                }
                catch (LibvirtException) { }
            }
        }
        return new DomainStatsReply(row?.CpuPercent ?? 0, row?.MemoryPercent ?? 0, rd, wr, rx, tx);
    }
}
