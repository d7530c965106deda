using System.Globalization;
using System.Text;
using System.Xml.Linq;
using Vireo.Client.Api;
using Vireo.Protocol.Errors;
using Vireo.Shell.Output;
using Vireo.Shell.Runtime;

namespace Vireo.Shell.Commands;

/// <summary>attach-device/-disk/-interface and detach-device/-disk/-interface (virsh-domain.c).</summary>
public static class DomainDeviceCommands
{
    private static readonly string[] NetTypes =
        ["user", "ethernet", "vhostuser", "server", "client", "mcast", "network", "bridge", "internal", "direct", "hostdev", "udp", "vdpa", "null", "vds"];

    public static void Register(Dictionary<string, CommandHandler> map)
    {
        map["attach-device"] = AttachDevice;
        map["detach-device"] = DetachDevice;
        map["attach-disk"] = AttachDisk;
        map["detach-disk"] = DetachDisk;
        map["attach-interface"] = AttachInterface;
        map["detach-interface"] = DetachInterface;
    }

    /// <summary>--persistent/--config/--live/--current as virsh combines them; false when they conflict (reported).</summary>
    private static bool AffectFlags(CommandContext ctx, out DomainAffect flags, out bool current, out bool persistent)
    {
        current = ctx.Has("current");
        bool config = ctx.Has("config"), live = ctx.Has("live");
        persistent = ctx.Has("persistent");
        flags = DomainAffect.Current;
        if (!ctx.ExclusiveVar("persistent", persistent, "current", current) || !ctx.ExclusiveVar("current", current, "live", live)
            || !ctx.ExclusiveVar("current", current, "config", config))
            return false;
        if (config || persistent) flags |= DomainAffect.Config;
        if (live) flags |= DomainAffect.Live;
        return true;
    }

    private static async Task<DomainAffect> AddLiveIfPersistentAsync(Domain dom, DomainAffect flags, bool persistent)
    {
        if (persistent)
        {
            try
            {
                if (await dom.IsActiveAsync().ConfigureAwait(false)) flags |= DomainAffect.Live;
            }
            catch (LibvirtException)
            {
                // virsh treats an unknown state as inactive here
            }
        }
        return flags;
    }

    private static Task Attach(Domain dom, string xml, DomainAffect flags, bool current) =>
        flags != DomainAffect.Current || current ? dom.AttachDeviceFlagsAsync(xml, flags) : dom.AttachDeviceAsync(xml);

    private static Task Detach(Domain dom, string xml, DomainAffect flags, bool current) =>
        flags != DomainAffect.Current || current ? dom.DetachDeviceFlagsAsync(xml, flags) : dom.DetachDeviceAsync(xml);

    private static async Task<bool> AttachDevice(CommandContext ctx)
    {
        if (!AffectFlags(ctx, out var flags, out bool current, out bool persistent)) return false;
        var (dom, _) = await ctx.LookupDomainAsync().ConfigureAwait(false);
        if (dom is null) return false;
        if (!ctx.TryString("file", out var from)) return false;
        flags = await AddLiveIfPersistentAsync(dom, flags, persistent).ConfigureAwait(false);
        var xml = ctx.ReadFile(from!);
        if (xml is null) return false;
        return await DomainLifecycleCommands.Act(ctx, () => Attach(dom, xml, flags, current),
            $"Failed to attach device from {from}", "Device attached successfully\n").ConfigureAwait(false);
    }

    private static async Task<bool> DetachDevice(CommandContext ctx)
    {
        if (!AffectFlags(ctx, out var flags, out bool current, out bool persistent)) return false;
        var (dom, _) = await ctx.LookupDomainAsync().ConfigureAwait(false);
        if (dom is null) return false;
        flags = await AddLiveIfPersistentAsync(dom, flags, persistent).ConfigureAwait(false);
        if (!ctx.TryString("file", out var from)) return false;
        var xml = ctx.ReadFile(from!);
        if (xml is null) return false;
        return await DomainLifecycleCommands.Act(ctx, () => Detach(dom, xml, flags, current),
            $"Failed to detach device from {from}", "Device detached successfully\n").ConfigureAwait(false);
    }

    /// <summary>virBufferEscapeString for an attribute: nothing when the value is null.</summary>
    private static string Attr(string name, string? value) => value is null ? "" : $" {name}='{VirshCommands.XmlEscape(value)}'";

    /// <summary>virXMLFormatElement: nothing, &lt;name attrs/&gt; or &lt;name attrs&gt; children &lt;/name&gt;, indented.</summary>
    private static void Element(StringBuilder sb, string indent, string name, string attrs, string children)
    {
        if (attrs.Length == 0 && children.Length == 0) return;
        sb.Append(indent).Append('<').Append(name).Append(attrs);
        if (children.Length == 0)
        {
            sb.Append("/>\n");
            return;
        }
        sb.Append(">\n").Append(children).Append(indent).Append("</").Append(name).Append(">\n");
    }

    private static async Task<bool> AttachDisk(CommandContext ctx)
    {
        if (!AffectFlags(ctx, out var flags, out bool current, out bool persistent)) return false;
        if (!ctx.Require("source-host-name", "source-protocol") || !ctx.Require("source-host-transport", "source-protocol")
            || !ctx.Require("source-host-socket", "source-protocol") || !ctx.Require("source-host-socket", "source-host-transport")
            || !ctx.Exclusive("source-host-name", "source-host-socket"))
            return false;
        string?[] values = new string?[19];
        string[] names = ["source", "target", "driver", "subdriver", "type", "mode", "iothread", "cache", "io", "serial", "wwn",
            "address", "targetbus", "alias", "sourcetype", "source-protocol", "source-host-name", "source-host-transport", "source-host-socket"];
        for (int i = 0; i < names.Length; i++)
            if (!ctx.TryString(names[i], out values[i])) return false;
        var (source, target, driver, subdriver, device, mode, iothread, cache, io, serial, wwn) =
            (values[0], values[1]!, values[2], values[3], values[4], values[5], values[6], values[7], values[8], values[9], values[10]);
        var (address, targetbus, alias, stype, protocol, hostName, hostTransport, hostSocket) =
            (values[11], values[12], values[13], values[14], values[15], values[16], values[17], values[18]);

        string[] sourceTypes = ["", "file", "block", "network"];
        int type = 0;
        if (stype is not null && (type = Array.IndexOf(sourceTypes, stype)) < 0)
        {
            ctx.Error($"Unknown source type: '{stype}'");
            return false;
        }
        if (type == 0)
        {
            if (protocol is not null) type = 3;
            else if (driver != "file" && driver != "tap" && source is not null && IsBlockDevice(source)) type = 2;
            else type = 1;
        }
        if ((type == 3) != (protocol is not null))
        {
            ctx.Error("--source-protocol option requires --sourcetype network");
            return false;
        }
        if (mode is not null && mode != "readonly" && mode != "shareable")
        {
            ctx.Error($"No support for {mode} in command 'attach-disk'");
            return false;
        }
        if (wwn is not null && !ValidWwn(wwn))
        {
            ctx.Save(new LibvirtException(ErrorCode.InvalidArg, ErrorDomain.None, "Malformed wwn: " + wwn));
            return false;
        }

        var children = new StringBuilder();
        string diskAttrs = $" type='{sourceTypes[type]}'" + Attr("device", device) + (ctx.Has("rawio") ? " rawio='yes'" : "");
        Element(children, "  ", "driver", Attr("name", driver) + Attr("type", subdriver) + Attr("iothread", iothread) + Attr("cache", cache) + Attr("io", io), "");
        string sourceAttrs = "", sourceChildren = "";
        switch (type)
        {
            case 1: sourceAttrs = Attr("file", source); break;
            case 2: sourceAttrs = Attr("dev", source); break;
            case 3:
                sourceAttrs = Attr("protocol", protocol) + Attr("name", source);
                string hostAttrs = Attr("transport", hostTransport) + Attr("socket", hostSocket);
                if (hostName is not null)
                {
                    int colon = hostName.IndexOf(':');
                    hostAttrs += colon < 0 ? Attr("name", hostName) : Attr("name", hostName[..colon]) + Attr("port", hostName[(colon + 1)..]);
                }
                var hb = new StringBuilder();
                Element(hb, "    ", "host", hostAttrs, "");
                sourceChildren = hb.ToString();
                break;
        }
        Element(children, "  ", "source", sourceAttrs, sourceChildren);
        children.Append($"  <target dev='{target}'");
        if (targetbus is not null) children.Append($" bus='{targetbus}'");
        children.Append("/>\n");
        if (mode is not null) children.Append($"  <{mode}/>\n");
        if (serial is not null) children.Append($"  <serial>{serial}</serial>\n");
        if (alias is not null) children.Append($"  <alias name='{alias}'/>\n");
        if (wwn is not null) children.Append($"  <wwn>{wwn}</wwn>\n");
        if (address is not null)
        {
            var addr = DeviceAddress.Parse(address, ctx.Has("multifunction"));
            if (addr is null)
            {
                ctx.Error("Invalid address.");
                return false;
            }
            string? problem = target.StartsWith("vd", StringComparison.Ordinal) && addr.Type is not ("pci" or "ccw")
                ? "expecting a pci:0000.00.00.00 or ccw:00.0.0000 address."
                : target.StartsWith("sd", StringComparison.Ordinal) && addr.Type is not ("scsi" or "usb" or "sata")
                    ? "expecting a scsi:00.00.00 or usb:00.00 or sata:00.00.00 address."
                    : target.StartsWith("hd", StringComparison.Ordinal) && addr.Type != "ide" ? "expecting an ide:00.00.00 address." : null;
            if (problem is not null)
            {
                ctx.Error(problem);
                return false;
            }
            children.Append("  ").Append(addr.Format());
        }
        var sb = new StringBuilder();
        Element(sb, "", "disk", diskAttrs, children.ToString());
        string xml = sb.ToString();

        if (ctx.Has("print-xml"))
        {
            ctx.Print(xml);
            return true;
        }
        var (dom, _) = await ctx.LookupDomainAsync().ConfigureAwait(false);
        if (dom is null) return false;
        flags = await AddLiveIfPersistentAsync(dom, flags, persistent).ConfigureAwait(false);
        return await DomainLifecycleCommands.Act(ctx, () => Attach(dom, xml, flags, current),
            "Failed to attach disk", "Disk attached successfully\n").ConfigureAwait(false);
    }

    /// <summary>stat(2) S_ISBLK, approximated: an existing non-directory node under /dev.</summary>
    private static bool IsBlockDevice(string path) =>
        path.StartsWith("/dev/", StringComparison.Ordinal) && File.Exists(path) && !Directory.Exists(path);

    /// <summary>virValidateWWN: 16 hex digits, optionally prefixed by 0x.</summary>
    private static bool ValidWwn(string wwn)
    {
        var s = wwn.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? wwn[2..] : wwn;
        return s.Length == 16 && s.All(Uri.IsHexDigit);
    }

    private static async Task<bool> DetachDisk(CommandContext ctx)
    {
        if (!AffectFlags(ctx, out var flags, out bool current, out bool persistent)) return false;
        var (dom, _) = await ctx.LookupDomainAsync().ConfigureAwait(false);
        if (dom is null) return false;
        if (!ctx.TryString("target", out var target)) return false;
        string doc = await dom.GetXmlDescAsync(flags == DomainAffect.Config ? DomainXmlFlags.Inactive : DomainXmlFlags.None).ConfigureAwait(false);
        flags = await AddLiveIfPersistentAsync(dom, flags, persistent).ConfigureAwait(false);
        var disk = FindDisk(ctx, doc, target!);
        if (disk is null) return false;
        string xml = LibxmlText.Serialize(disk);
        if (ctx.Has("print-xml"))
        {
            ctx.Print(xml);
            return true;
        }
        return await DomainLifecycleCommands.Act(ctx, () => Detach(dom, xml, flags, current),
            "Failed to detach disk", "Disk detached successfully\n").ConfigureAwait(false);
    }

    /// <summary>virshFindDisk: the disk whose target or source is <paramref name="path"/>, without its backingStore.</summary>
    private static XElement? FindDisk(CommandContext ctx, string doc, string path)
    {
        XDocument xml;
        try
        {
            xml = LibxmlText.Parse(doc);
        }
        catch (System.Xml.XmlException)
        {
            ctx.Error("Failed to get disk information");
            return null;
        }
        var disks = xml.Root?.Element("devices")?.Elements("disk").ToList() ?? [];
        if (disks.Count == 0)
        {
            ctx.Error("Failed to get disk information");
            return null;
        }
        foreach (var d in disks)
        {
            var src = d.Element("source");
            string?[] candidates =
            [
                d.Element("target")?.Attribute("dev")?.Value, src?.Attribute("file")?.Value, src?.Attribute("dev")?.Value,
                src?.Attribute("dir")?.Value, src?.Attribute("name")?.Value,
            ];
            if (!candidates.Contains(path)) continue;
            var copy = new XElement(d);
            copy.Elements("backingStore").FirstOrDefault()?.Remove();
            return copy;
        }
        ctx.Error($"No disk found whose source path or target is {path}");
        return null;
    }

    private static async Task<bool> AttachInterface(CommandContext ctx)
    {
        if (!AffectFlags(ctx, out var flags, out bool current, out bool persistent)) return false;
        bool managed = ctx.Has("managed");
        string[] names = ["type", "source", "target", "mac", "script", "model", "alias", "inbound", "outbound", "source-mode"];
        var v = new string?[names.Length];
        for (int i = 0; i < names.Length; i++)
            if (!ctx.TryString(names[i], out v[i])) return false;
        string type = v[0]!, source = v[1]!;
        string? target = v[2], mac = v[3], script = v[4], model = v[5], alias = v[6], inbound = v[7], outbound = v[8], sourceMode = v[9];
        if (Array.IndexOf(NetTypes, type) < 0)
        {
            ctx.Error($"No support for {type} in command 'attach-interface'");
            return false;
        }
        if (sourceMode is not null && sourceMode is not ("server" or "client"))
        {
            ctx.Error($"Invalid source mode: {sourceMode}");
            return false;
        }
        ulong[]? inRate = null, outRate = null;
        if (inbound is not null)
        {
            if ((inRate = ParseRate(ctx, inbound)) is null) return false;
            if (inRate[0] == 0 && inRate[3] == 0)
            {
                ctx.Error("either inbound average or floor is mandatory");
                return false;
            }
        }
        if (outbound is not null)
        {
            if ((outRate = ParseRate(ctx, outbound)) is null) return false;
            if (outRate[0] == 0)
            {
                ctx.Error("outbound average is mandatory");
                return false;
            }
            if (outRate[3] != 0)
            {
                ctx.Error("outbound floor is unsupported yet");
                return false;
            }
        }

        var sb = new StringBuilder();
        sb.Append($"<interface type='{type}'").Append(managed ? " managed='yes'>\n" : ">\n");
        switch (type)
        {
            case "network" or "bridge":
                sb.Append($"  <source {type}='{source}'/>\n");
                break;
            case "direct":
                sb.Append($"  <source dev='{source}'/>\n");
                break;
            case "hostdev":
                var addr = DeviceAddress.Parse("pci:" + source, false);
                if (addr is null)
                {
                    ctx.Error($"cannot parse pci address '{source}' for network interface");
                    return false;
                }
                sb.Append("  <source>\n    ").Append(addr.Format()).Append("  </source>\n");
                break;
            case "vhostuser":
                if (sourceMode is null)
                {
                    ctx.Error("source-mode is mandatory");
                    return false;
                }
                sb.Append($"  <source type='unix' path='{source}' mode='{sourceMode}'/>\n");
                break;
            default:
                ctx.Error($"No support for {type} in command 'attach-interface'");
                return false;
        }
        if (target is not null) sb.Append($"  <target dev='{target}'/>\n");
        if (mac is not null) sb.Append($"  <mac address='{mac}'/>\n");
        if (script is not null) sb.Append($"  <script path='{script}'/>\n");
        if (model is not null) sb.Append($"  <model type='{model}'/>\n");
        if (alias is not null) sb.Append($"  <alias name='{alias}'/>\n");
        if (inbound is not null || outbound is not null)
        {
            sb.Append("  <bandwidth>\n");
            if (inRate is not null && (inRate[0] != 0 || inRate[3] != 0))
            {
                sb.Append("    <inbound");
                if (inRate[0] > 0) sb.Append($" average='{inRate[0]}'");
                if (inRate[1] > 0) sb.Append($" peak='{inRate[1]}'");
                if (inRate[2] > 0) sb.Append($" burst='{inRate[2]}'");
                if (inRate[3] > 0) sb.Append($" floor='{inRate[3]}'");
                sb.Append("/>\n");
            }
            if (outRate is not null && outRate[0] > 0)
            {
                sb.Append($"    <outbound average='{outRate[0]}'");
                if (outRate[1] > 0) sb.Append($" peak='{outRate[1]}'");
                if (outRate[2] > 0) sb.Append($" burst='{outRate[2]}'");
                sb.Append("/>\n");
            }
            sb.Append("  </bandwidth>\n");
        }
        sb.Append("</interface>\n");
        string xml = sb.ToString();
        if (ctx.Has("print-xml"))
        {
            ctx.Print(xml);
            return true;
        }
        var (dom, _) = await ctx.LookupDomainAsync().ConfigureAwait(false);
        if (dom is null) return false;
        flags = await AddLiveIfPersistentAsync(dom, flags, persistent).ConfigureAwait(false);
        return await DomainLifecycleCommands.Act(ctx, () => Attach(dom, xml, flags, current),
            "Failed to attach interface", "Interface attached successfully\n").ConfigureAwait(false);
    }

    /// <summary>virshParseRateStr: "average,peak,burst,floor" with empty fields allowed.</summary>
    private static ulong[]? ParseRate(CommandContext ctx, string rate)
    {
        var tok = rate.Split(',');
        if (tok.Length > 4)
        {
            ctx.Error($"Rate string '{rate}' has too many fields");
            return null;
        }
        string[] names = ["average", "peak", "burst", "floor"];
        var r = new ulong[4];
        for (int i = 0; i < tok.Length; i++)
        {
            if (tok[i].Length == 0) continue;
            if (!Parsing.CNumber.TryULong(tok[i], out r[i], positiveOnly: true))
            {
                ctx.Error($"field '{names[i]}' is malformed");
                return null;
            }
        }
        return r;
    }

    private static async Task<bool> DetachInterface(CommandContext ctx)
    {
        bool current = ctx.Has("current"), config = ctx.Has("config"), live = ctx.Has("live"), persistent = ctx.Has("persistent");
        bool printXml = ctx.Has("print-xml");
        if (!ctx.ExclusiveVar("persistent", persistent, "current", current) || !ctx.ExclusiveVar("current", current, "live", live)
            || !ctx.ExclusiveVar("current", current, "config", config))
            return false;
        var (dom, _) = await ctx.LookupDomainAsync().ConfigureAwait(false);
        if (dom is null) return false;
        bool ret = false;
        if (ctx.TryString("type", out var type) && ctx.TryString("mac", out var mac))
        {
            bool affectConfig = config || persistent;
            ret = true;
            if (affectConfig)
            {
                var doc = await ctx.Quiet(() => dom.GetXmlDescAsync(DomainXmlFlags.Inactive)).ConfigureAwait(false);
                ret = doc is not null && await DetachInterfaceFromAsync(ctx, dom, doc, DomainAffect.Config, current, type!, mac, printXml).ConfigureAwait(false);
            }
            if (ret)
            {
                bool affectLive = live || persistent && await dom.IsActiveAsync().ConfigureAwait(false);
                if (affectLive || !affectConfig)
                {
                    var doc = await ctx.Quiet(() => dom.GetXmlDescAsync()).ConfigureAwait(false);
                    ret = doc is not null && await DetachInterfaceFromAsync(ctx, dom, doc, affectLive ? DomainAffect.Live : DomainAffect.Current,
                        current, type!, mac, printXml).ConfigureAwait(false);
                }
                if (printXml) return ret;
            }
        }
        if (!ret)
        {
            ctx.Error("Failed to detach interface");
            return false;
        }
        ctx.PrintExtra("Interface detached successfully\n");
        return true;
    }

    /// <summary>virshDomainDetachInterface: picks the interface by type (and MAC) in one definition and detaches it.</summary>
    private static async Task<bool> DetachInterfaceFromAsync(CommandContext ctx, Domain dom, string doc, DomainAffect flags, bool current,
        string type, string? mac, bool printXml)
    {
        XDocument xml;
        try
        {
            xml = LibxmlText.Parse(doc);
        }
        catch (System.Xml.XmlException)
        {
            ctx.Error("Failed to get interface information");
            return false;
        }
        var nodes = xml.Root?.Element("devices")?.Elements("interface").Where(i => i.Attribute("type")?.Value == type).ToList() ?? [];
        if (nodes.Count == 0)
        {
            ctx.Error($"No interface found whose type is {type}");
            return false;
        }
        XElement? match = null;
        if (mac is not null)
        {
            foreach (var n in nodes)
            {
                var m = n.Element("mac")?.Attribute("address")?.Value;
                if (m is null || !string.Equals(m, mac, StringComparison.OrdinalIgnoreCase)) continue;
                if (match is not null)
                {
                    ctx.Error($"Domain has multiple interfaces matching MAC address {mac}. You must use detach-device and specify the device pci address to remove it.");
                    return false;
                }
                match = n;
            }
        }
        else
        {
            if (nodes.Count > 1)
            {
                ctx.Error($"Domain has {nodes.Count} interfaces. Please specify which one to detach using --mac");
                return false;
            }
            match = nodes[0];
        }
        if (match is null)
        {
            ctx.Error($"No interface with MAC address {mac} was found");
            return false;
        }
        string detach = LibxmlText.Serialize(match);
        if (printXml)
        {
            ctx.Print(detach);
            return true;
        }
        return await ctx.Try(() => Detach(dom, detach, flags, current)).ConfigureAwait(false);
    }
}

/// <summary>virsh's device address syntax: pci:D.B.S.F, scsi/ide/sata:C.B.U, ccw:C.S.D, usb:B.P.</summary>
public sealed record DeviceAddress(string Type, uint[] Parts, bool Multifunction)
{
    public static DeviceAddress? Parse(string text, bool multifunction)
    {
        int colon = text.IndexOf(':');
        if (colon < 0) return null;
        string type = text[..colon];
        var (count, hex) = type switch
        {
            "pci" => (4, true),
            "scsi" or "ide" or "sata" => (3, false),
            "ccw" => (3, true),
            "usb" => (2, false),
            _ => (0, false),
        };
        if (count == 0) return null;
        var parts = text[(colon + 1)..].Split('.', ':');
        if (parts.Length < count) return null;
        var values = new uint[count];
        for (int i = 0; i < count; i++)
        {
            if (!uint.TryParse(parts[i], hex ? NumberStyles.HexNumber : NumberStyles.None, CultureInfo.InvariantCulture, out values[i])) return null;
        }
        return new DeviceAddress(type, values, multifunction);
    }

    /// <summary>virshAddressFormat: the &lt;address/&gt; element and a newline.</summary>
    public string Format() => Type switch
    {
        "pci" => $"<address type='pci' domain='0x{Parts[0]:x4}' bus='0x{Parts[1]:x2}' slot='0x{Parts[2]:x2}' function='0x{Parts[3]:x}'"
                 + (Multifunction ? " multifunction='on'" : "") + "/>\n",
        "ccw" => $"<address type='ccw' cssid='0x{Parts[0]:x2}' ssid='0x{Parts[1]:x1}' devno='0x{Parts[2]:x4}'/>\n",
        "usb" => $"<address type='usb' bus='{Parts[0]}' port='{Parts[1]}'/>\n",
        _ => $"<address type='drive' controller='{Parts[0]}' bus='{Parts[1]}' unit='{Parts[2]}'/>\n",
    };
}
