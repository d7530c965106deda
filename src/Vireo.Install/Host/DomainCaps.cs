using System.Xml.Linq;

namespace Vireo.Install.Host;

/// <summary>
/// The answers virt-install takes from virConnectGetDomainCapabilities. A driver without domain capabilities
/// (libvirt's test driver) gets virt-install's fallback: spice and qxl are assumed for qemu and test.
/// </summary>
public sealed class DomainCaps
{
    private readonly HashSet<string> _graphics = new();
    private readonly HashSet<string> _video = new();
    private bool _known;

    public static DomainCaps Unknown { get; } = new();

    public static DomainCaps Parse(string xml)
    {
        var caps = new DomainCaps { _known = true };
        var devices = XDocument.Parse(xml).Root?.Element("devices");
        Fill(devices?.Element("graphics"), "type", caps._graphics);
        Fill(devices?.Element("video"), "modelType", caps._video);
        return caps;
    }

    private static void Fill(XElement? dev, string enumName, HashSet<string> into)
    {
        if (dev == null || (string?)dev.Attribute("supported") != "yes")
            return;
        foreach (var e in dev.Elements("enum").Where(e => (string?)e.Attribute("name") == enumName))
            foreach (var v in e.Elements("value"))
                into.Add(v.Value.Trim());
    }

    public bool SupportsSpice => !_known || _graphics.Count == 0 || _graphics.Contains("spice");
    public bool SupportsQxl => !_known || _video.Count == 0 || _video.Contains("qxl");
    public bool SupportsVirtioVideo => _known && _video.Contains("virtio");
}
