using System.Globalization;
using System.Xml.Linq;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Vireo.Client.Api;
using Vireo.Web.Hosts;
using Vireo.Web.Xml;

namespace Vireo.Web.Api;

/// <summary>Add Hardware (storage, network, serial/console, graphics), remove hardware and the domain XML (16.7, 9.1).</summary>
public static class HardwareEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        var d = api.MapGroup("/c/{cid}/d/{uuid}");
        d.MapPost("/hardware", async (string cid, string uuid, AddHardwareRequest req, ConnectionManager m) =>
        {
            var (conn, dom) = await DomainEndpoints.LookupAsync(m, cid, uuid);
            var view = new DomainXmlView(await dom.GetXmlDescAsync(DomainXmlFlags.Inactive));
            string xml = req.Kind switch
            {
                "disk" => await DiskXmlAsync(dom.Connection, dom.Name, view, req),
                "nic" => DeviceXml.Nic(req.NetworkType ?? "network", req.NetworkSource ?? "", req.Model ?? "virtio", req.Mac),
                "serial" or "console" => DeviceXml.Serial(req.Kind, req.CharType ?? "pty"),
                "graphics" => DeviceXml.Graphics(req.GraphicsType ?? "vnc", req.Listen ?? "127.0.0.1", req.Password),
                _ => throw new WebInputException($"unknown hardware kind '{req.Kind}' (disk, nic, serial, console, graphics)", "kind"),
            };
            string msg = await Changes.ApplyAsync(dom,
                () => dom.AttachDeviceFlagsAsync(xml, DomainAffect.Config),
                () => dom.AttachDeviceFlagsAsync(xml, DomainAffect.Live));
            await conn.RefreshAsync();
            return new MessageReply(msg);
        });
        d.MapPost("/hardware/edit", async (string cid, string uuid, DeviceEditRequest req, ConnectionManager m) =>
        {
            var (conn, dom) = await DomainEndpoints.LookupAsync(m, cid, uuid);
            XElement shown;
            try
            {
                shown = XElement.Parse(req.Xml ?? "");
            }
            catch (System.Xml.XmlException ex)
            {
                throw new WebInputException("invalid device XML: " + ex.Message, "xml");
            }
            DeviceEdit.Apply(new XElement(shown), req); // checks every field before anything changes
            string msg = await Changes.ApplyAsync(dom,
                async () =>
                {
                    var doc = XDocument.Parse(await dom.GetXmlDescAsync(DomainXmlFlags.Inactive | DomainXmlFlags.Secure));
                    var dev = DeviceEdit.Find(doc.Root!, shown) ?? throw new WebInputException("the device is not in the guest's definition", "xml");
                    DeviceEdit.Apply(dev, req);
                    await dom.Connection.DefineDomainXmlAsync(doc.ToString());
                },
                async () =>
                {
                    var live = XDocument.Parse(await dom.GetXmlDescAsync(DomainXmlFlags.Secure));
                    var dev = DeviceEdit.Find(live.Root!, shown) ?? throw new WebInputException("the device is not in the running guest", "xml");
                    DeviceEdit.Apply(dev, req);
                    await dom.UpdateDeviceFlagsAsync(DeviceEdit.ForUpdate(dev).ToString(), DomainAffect.Live);
                });
            await conn.RefreshAsync();
            return new MessageReply(msg);
        });
        d.MapPost("/hardware/remove", async (string cid, string uuid, DeviceXmlRequest req, ConnectionManager m) =>
        {
            var (conn, dom) = await DomainEndpoints.LookupAsync(m, cid, uuid);
            if (string.IsNullOrWhiteSpace(req.Xml)) throw new WebInputException("no device given", "xml");
            string xml = WithoutLiveOnlyParts(req.Xml);
            string msg = await Changes.ApplyAsync(dom,
                () => dom.DetachDeviceFlagsAsync(xml, DomainAffect.Config),
                () => dom.DetachDeviceFlagsAsync(xml, DomainAffect.Live));
            await conn.RefreshAsync();
            return new MessageReply(msg);
        });
    }

    /// <summary>A disk: a new volume of the chosen size in a pool, an existing path, or (cdrom/floppy) no media.</summary>
    private static async Task<string> DiskXmlAsync(Connection conn, string domName, DomainXmlView view, AddHardwareRequest req)
    {
        string device = req.Device ?? "disk";
        string bus = req.Bus ?? (device == "floppy" ? "fdc" : device == "cdrom" ? "sata" : "virtio");
        string format = req.Format ?? "qcow2";
        DeviceXml.Check(DeviceXml.DiskDevices, device, "device");
        DeviceXml.Check(DeviceXml.DiskBuses, bus, "bus");
        string target = DeviceXml.NextTarget(bus, view.DiskTargets);
        string? path = string.IsNullOrWhiteSpace(req.Source) ? null : req.Source.Trim();
        if (path is null && device == "disk")
        {
            if (req.SizeGiB is not > 0) throw new WebInputException("enter the new disk's size in GiB", "sizeGiB");
            if (string.IsNullOrEmpty(req.Pool)) throw new WebInputException("choose a storage pool", "pool");
            var pool = await conn.LookupStoragePoolByNameAsync(req.Pool);
            path = await CreateVolumeAsync(pool, $"{domName}-{target}", req.SizeGiB.Value, format);
        }
        else if (path is not null && !path.StartsWith('/'))
        {
            throw new WebInputException("the disk's path must be absolute", "source");
        }
        if (device == "cdrom") format = "raw";
        else if (path is not null && req.Source is not null && req.Format is null)
        {
            // an existing volume: use its own format when the daemon knows it
            try
            {
                var vol = await conn.LookupStorageVolumeByPathAsync(path);
                var fmt = (string?)XDocument.Parse(await vol.GetXmlDescAsync()).Root?.Element("target")?.Element("format")?.Attribute("type");
                if (fmt is "raw" or "qcow2") format = fmt;
            }
            catch (Vireo.Protocol.Errors.LibvirtException) { }
        }
        return DeviceXml.Disk(device, bus, path, format, target);
    }

    /// <summary>Creates a volume (name.qcow2 or name.img) and returns its path.</summary>
    public static async Task<string> CreateVolumeAsync(StoragePool pool, string name, double sizeGiB, string format)
    {
        if (format is not ("qcow2" or "raw")) throw new WebInputException($"unknown format '{format}' (qcow2 or raw)", "format");
        ulong bytes = (ulong)(sizeGiB * 1024 * 1024 * 1024);
        string file = name + (format == "qcow2" ? ".qcow2" : ".img");
        string xml = $"<volume>\n  <name>{DeviceXml.Esc(file)}</name>\n  <capacity unit='bytes'>{bytes.ToString(CultureInfo.InvariantCulture)}</capacity>\n" +
                     $"  <target>\n    <format type='{format}'/>\n  </target>\n</volume>";
        var vol = await pool.CreateVolumeXmlAsync(xml);
        return await vol.GetPathAsync();
    }

    /// <summary>Drops what the live XML adds (alias, address) so the same device matches the persistent definition too.</summary>
    private static string WithoutLiveOnlyParts(string xml)
    {
        XElement e;
        try
        {
            e = XElement.Parse(xml);
        }
        catch (System.Xml.XmlException ex)
        {
            throw new WebInputException("invalid device XML: " + ex.Message, "xml");
        }
        e.Elements("alias").Remove();
        return e.ToString();
    }
}
