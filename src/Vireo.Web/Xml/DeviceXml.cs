using System.Security;
using Vireo.Web.Api;

namespace Vireo.Web.Xml;

/// <summary>Device XML for the Add Hardware wizard (9.1, 16.7); every field is checked before any XML is made.</summary>
public static class DeviceXml
{
    public static readonly string[] DiskDevices = ["disk", "cdrom", "floppy"];
    public static readonly string[] DiskBuses = ["virtio", "sata", "scsi", "ide", "usb", "fdc"];
    public static readonly string[] NicModels = ["virtio", "e1000", "e1000e", "rtl8139"];
    public static readonly string[] CharTypes = ["pty"];
    public static readonly string[] GraphicsTypes = ["vnc", "spice"];

    /// <summary>The first free target name for the bus (vda, vdb ... for virtio, sda ... for sata/scsi/usb, hda ... for ide).</summary>
    public static string NextTarget(string bus, ISet<string> used)
    {
        string prefix = bus switch { "virtio" => "vd", "ide" => "hd", "fdc" => "fd", _ => "sd" };
        for (int i = 0; i < 26; i++)
        {
            string name = prefix + (char)('a' + i);
            if (!used.Contains(name)) return name;
        }
        throw new WebInputException("no free disk target left on bus " + bus, "bus");
    }

    public static string Disk(string device, string bus, string? path, string format, string target)
    {
        Check(DiskDevices, device, "device");
        Check(DiskBuses, bus, "bus");
        if (device == "floppy" && bus != "fdc") throw new WebInputException("a floppy uses the fdc bus", "bus");
        if (device != "floppy" && bus == "fdc") throw new WebInputException("only a floppy uses the fdc bus", "bus");
        string driverType = format is "qcow2" or "raw" ? format : throw new WebInputException($"unknown format '{format}'", "format");
        string source = string.IsNullOrEmpty(path) ? "" : $"\n  <source file='{Esc(path)}'/>";
        string ro = device == "cdrom" ? "\n  <readonly/>" : "";
        return $"<disk type='file' device='{device}'>\n  <driver name='qemu' type='{driverType}'/>{source}\n  <target dev='{target}' bus='{bus}'/>{ro}\n</disk>";
    }

    public static string Nic(string type, string source, string model, string? mac)
    {
        if (string.IsNullOrWhiteSpace(source)) throw new WebInputException("choose a virtual network or a device", "networkSource");
        Check(NicModels, model, "model");
        string macXml = "";
        if (!string.IsNullOrEmpty(mac))
        {
            if (!System.Text.RegularExpressions.Regex.IsMatch(mac, "^[0-9a-fA-F]{2}(:[0-9a-fA-F]{2}){5}$"))
                throw new WebInputException($"invalid MAC address '{mac}'", "mac");
            macXml = $"\n  <mac address='{mac.ToLowerInvariant()}'/>";
        }
        string src = type switch
        {
            "network" => $"<source network='{Esc(source)}'/>",
            "bridge" => $"<source bridge='{Esc(source)}'/>",
            _ => throw new WebInputException($"unknown network type '{type}' (network or bridge)", "networkType"),
        };
        return $"<interface type='{type}'>{macXml}\n  {src}\n  <model type='{model}'/>\n</interface>";
    }

    public static string Serial(string kind, string charType)
    {
        Check(CharTypes, charType, "charType");
        return kind == "console"
            ? $"<console type='{charType}'>\n  <target type='serial'/>\n</console>"
            : $"<serial type='{charType}'>\n  <target port='0'/>\n</serial>";
    }

    public static string Graphics(string type, string listen, string? password)
    {
        Check(GraphicsTypes, type, "graphicsType");
        if (!System.Net.IPAddress.TryParse(listen, out _)) throw new WebInputException($"invalid listen address '{listen}'", "listen");
        string pw = string.IsNullOrEmpty(password) ? "" : $" passwd='{Esc(password)}'";
        return $"<graphics type='{type}' autoport='yes' listen='{listen}'{pw}>\n  <listen type='address' address='{listen}'/>\n</graphics>";
    }

    internal static void Check(string[] allowed, string value, string field)
    {
        if (!allowed.Contains(value))
            throw new WebInputException($"unknown {field} '{value}' (one of {string.Join(", ", allowed)})", field);
    }

    public static string Esc(string s) => SecurityElement.Escape(s) ?? "";
}
