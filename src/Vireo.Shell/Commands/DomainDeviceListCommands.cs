using System.Globalization;
using System.Xml.Linq;
using Vireo.Client.Api;
using Vireo.Shell.Output;
using Vireo.Shell.Output.Json;
using Vireo.Shell.Runtime;

namespace Vireo.Shell.Commands;

/// <summary>domblklist and domiflist (virsh-domain-monitor.c): tables read from the domain XML.</summary>
public static class DomainDeviceListCommands
{
    public static void Register(Dictionary<string, CommandHandler> map)
    {
        map["domblklist"] = BlockList;
        map["domiflist"] = InterfaceList;
    }

    /// <summary>virshDomainGetXML: look the domain up and parse its XML.</summary>
    private static async Task<XElement?> DomainXmlAsync(CommandContext ctx)
    {
        var flags = ctx.Has("inactive") ? DomainXmlFlags.Inactive : DomainXmlFlags.None;
        var (dom, _) = await ctx.LookupDomainAsync().ConfigureAwait(false);
        if (dom is null) return null;
        var xml = await dom.GetXmlDescAsync(flags).ConfigureAwait(false);
        return XDocument.Parse(xml).Root;
    }

    /// <summary>virXPathString: the attribute's value, or null when it is missing or empty.</summary>
    private static string? Attr(XElement? e, string name) => e?.Attribute(name)?.Value is { Length: > 0 } v ? v : null;

    /// <summary>string(a|b|...): the first of the listed attributes in document order (attribute order within one element).</summary>
    private static string? FirstAttr(XElement? e, params string[] names)
    {
        if (e is null) return null;
        foreach (var a in e.Attributes())
            if (Array.IndexOf(names, a.Name.LocalName) >= 0)
                return a.Value.Length > 0 ? a.Value : null;
        return null;
    }

    private static async Task<bool> BlockList(CommandContext ctx)
    {
        bool details = ctx.Has("details");
        var root = await DomainXmlAsync(ctx).ConfigureAwait(false);
        if (root is null) return false;
        var table = details ? new TextTable("Type", "Device", "Target", "Source") : new TextTable("Target", "Source");
        var json = new List<BlockDeviceJson>();
        foreach (var disk in root.Elements("devices").Elements("disk"))
        {
            string? type = Attr(disk, "type"), device = null;
            if (details)
            {
                device = Attr(disk, "device");
                if (type is null || device is null)
                {
                    ctx.Print("unable to query block list details");
                    return false;
                }
            }
            string? target = Attr(disk.Element("target"), "dev");
            if (target is null)
            {
                ctx.Error("unable to query block list");
                return false;
            }
            var sourceElement = disk.Element("source");
            string? source;
            if (type == "nvme")
            {
                var address = sourceElement?.Element("address");
                string? ns = Attr(sourceElement, "namespace");
                if (ns is null || address is null || !PciAddress(address, out var dom, out var bus, out var slot, out var fn))
                {
                    ctx.Error("Unable to query NVMe disk address");
                    return false;
                }
                source = $"nvme://{dom:x4}:{bus:x2}:{slot:x2}.{fn}/{ns}";
            }
            else
            {
                source = FirstAttr(sourceElement, "file", "dev", "dir", "name", "volume", "path");
            }
            if (details) table.Add(type!, device!, target, source ?? "-");
            else table.Add(target, source ?? "-");
            json.Add(new BlockDeviceJson(type, details ? device : Attr(disk, "device"), target, source));
        }
        if (ctx.Json) ctx.PrintJson(json, VshJson.Output.ListBlockDeviceJson);
        else ctx.Print(table.Render(!ctx.Out.Quiet));
        return true;
    }

    /// <summary>virPCIDeviceAddressParseXML's number parsing (base auto-detected, 0x for hex).</summary>
    private static bool PciAddress(XElement address, out uint domain, out uint bus, out uint slot, out uint function)
    {
        bool ok = Num(address, "domain", out domain) & Num(address, "bus", out bus) & Num(address, "slot", out slot)
            & Num(address, "function", out function);
        return ok;

        static bool Num(XElement e, string name, out uint value)
        {
            value = 0;
            var text = e.Attribute(name)?.Value;
            if (text is null) return true;
            if (text.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
                return uint.TryParse(text.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value);
            return uint.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);
        }
    }

    private static async Task<bool> InterfaceList(CommandContext ctx)
    {
        var root = await DomainXmlAsync(ctx).ConfigureAwait(false);
        if (root is null) return false;
        var table = new TextTable("Interface", "Type", "Source", "Model", "MAC");
        var json = new List<InterfaceListEntry>();
        foreach (var iface in root.Elements("devices").Elements("interface"))
        {
            string? type = Attr(iface, "type");
            string? source = FirstAttr(iface.Element("source"), "bridge", "dev", "network", "name", "path");
            string? target = Attr(iface.Element("target"), "dev");
            string? model = Attr(iface.Element("model"), "type");
            string? mac = Attr(iface.Element("mac"), "address");
            table.Add(target ?? "-", type ?? "", source ?? "-", model ?? "-", mac ?? "-");
            json.Add(new InterfaceListEntry(target, type, source, model, mac));
        }
        if (ctx.Json) ctx.PrintJson(json, VshJson.Output.ListInterfaceListEntry);
        else ctx.Print(table.Render(!ctx.Out.Quiet));
        return true;
    }
}
