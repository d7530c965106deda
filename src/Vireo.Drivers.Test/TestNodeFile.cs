using System.Globalization;
using System.Xml;
using System.Xml.Linq;
using Vireo.Drivers.Host;
using Vireo.Model.Xml;
using Vireo.Protocol.Errors;

namespace Vireo.Drivers.Test;

/// <summary>
/// libvirt's test node file: &lt;node&gt; with &lt;cpu&gt; (nodes, sockets, cores, threads, active, mhz, model),
/// &lt;memory&gt; (KiB), and any number of &lt;domain&gt;, &lt;network&gt; and &lt;pool&gt; (with &lt;volume&gt;) elements,
/// each inline or as file='relative/or/absolute.xml'. &lt;interface&gt;, &lt;device&gt; and &lt;auth&gt; are ignored
/// (Vireo has no interface, node-device or test-auth drivers).
/// </summary>
public sealed class TestNodeFile
{
    private TestNodeFile(NodeInfo nodeInfo, IReadOnlyList<XElement> domains, IReadOnlyList<XElement> networks,
        IReadOnlyList<(XElement Pool, IReadOnlyList<XElement> Volumes)> pools)
    {
        NodeInfo = nodeInfo;
        Domains = domains;
        Networks = networks;
        Pools = pools;
    }

    public NodeInfo NodeInfo { get; }
    public IReadOnlyList<XElement> Domains { get; }
    public IReadOnlyList<XElement> Networks { get; }
    public IReadOnlyList<(XElement Pool, IReadOnlyList<XElement> Volumes)> Pools { get; }

    /// <summary>Reads a node file; errors are those libvirt reports when opening test:///PATH.</summary>
    public static TestNodeFile Load(string path)
    {
        var root = LoadDocument(path, "node");
        return Parse(root, path);
    }

    /// <summary>Parses a node document already in memory; relative file= references resolve against <paramref name="path"/>.</summary>
    public static TestNodeFile Parse(XElement root, string path)
    {
        if (root.Name.LocalName != "node")
            throw new LibvirtException(ErrorCode.XmlError, ErrorDomain.Test, "XML error: Root element is not 'node'");
        var info = ParseNodeInfo(root);
        var domains = root.Elements("domain").Select(e => Resolve(e, path, "domain")).ToList();
        var networks = root.Elements("network").Select(e => Resolve(e, path, "network")).ToList();
        var pools = root.Elements("pool")
            .Select(e => (Resolve(e, path, "pool"), (IReadOnlyList<XElement>)e.Elements("volume").Select(v => Resolve(v, path, "volume")).ToList()))
            .ToList();
        return new TestNodeFile(info, domains, networks, pools);
    }

    // testParseNodeInfo: each value overrides the default; CPUs = product of the topology, capped by <active>.
    private static NodeInfo ParseNodeInfo(XElement root)
    {
        var d = TestHost.DefaultNodeInfo;
        var cpu = root.Element("cpu");
        int nodes = Number(cpu?.Element("nodes"), "invalid node cpu nodes value") ?? d.Nodes;
        int sockets = Number(cpu?.Element("sockets"), "invalid node cpu sockets value") ?? d.Sockets;
        int cores = Number(cpu?.Element("cores"), "invalid node cpu cores value") ?? d.Cores;
        int threads = Number(cpu?.Element("threads"), "invalid node cpu threads value") ?? d.Threads;
        int cpus = cores * threads * sockets * nodes;
        if (Number(cpu?.Element("active"), "invalid node cpu active value") is { } active && active < cpus)
            cpus = active;
        int mhz = Number(cpu?.Element("mhz"), "invalid node cpu mhz value") ?? d.Mhz;
        string model = cpu?.Element("model")?.Value ?? d.Model;
        ulong memory = (ulong?)Number(root.Element("memory"), "invalid node memory value") ?? d.MemoryKiB;
        return new NodeInfo(model, memory, cpus, mhz, nodes, sockets, cores, threads);
    }

    private static int? Number(XElement? e, string error)
    {
        if (e is null)
            return null;
        return int.TryParse(e.Value.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v)
            ? v
            : throw new LibvirtException(ErrorCode.XmlError, ErrorDomain.Test, "XML error: " + error);
    }

    // testParseXMLDocFromFile: <domain file='x.xml'/> loads x.xml, relative to the node file's directory.
    private static XElement Resolve(XElement e, string nodePath, string rootName)
    {
        var file = e.Attribute("file")?.Value;
        if (file is null)
            return e;
        var full = Path.IsPathRooted(file) ? file : Path.Combine(Path.GetDirectoryName(nodePath) ?? "/", file);
        return LoadDocument(full, rootName);
    }

    private static XElement LoadDocument(string path, string rootName)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new LibvirtException(ErrorCode.XmlError, ErrorDomain.Test, $"XML error: failed to parse xml document '{path}'");
        }
        XElement root;
        try
        {
            var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, IgnoreComments = true };
            using var reader = XmlReader.Create(new StringReader(text), settings);
            root = XDocument.Load(reader, LoadOptions.SetLineInfo).Root
                ?? throw new LibvirtException(ErrorCode.XmlError, ErrorDomain.Test, $"XML error: failed to parse xml document '{path}'");
        }
        catch (XmlException e)
        {
            throw new LibvirtException(ErrorCode.XmlDetail, ErrorDomain.Test, $"{path}:{e.LineNumber}: {e.Message}");
        }
        XmlInput.DropIndentation(root);
        if (root.Name.LocalName != rootName)
            throw new LibvirtException(ErrorCode.XmlError, ErrorDomain.Xml, $"XML error: expecting root element of '{rootName}', not '{root.Name.LocalName}'");
        return root;
    }
}
