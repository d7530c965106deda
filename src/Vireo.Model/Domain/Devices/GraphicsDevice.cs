using System.Xml.Linq;
using Vireo.Model.Xml;

namespace Vireo.Model.Domain.Devices;

/// <summary>A &lt;graphics&gt; console: vnc, spice, rdp, sdl, desktop, egl-headless or dbus.</summary>
public sealed class GraphicsDevice : DomainDevice
{
    /// <summary>Graphics types.</summary>
    public static readonly string[] Types = ["sdl", "vnc", "rdp", "desktop", "spice", "egl-headless", "dbus"];

    /// <inheritdoc/>
    public override string ElementName => "graphics";

    /// <summary>Graphics type.</summary>
    public string Type { get; set; } = "vnc";

    /// <summary>TCP port; 0 when not chosen (autoport).</summary>
    public int Port { get; set; }

    /// <summary>SPICE TLS port; 0 when unset.</summary>
    public int TlsPort { get; set; }

    /// <summary>Port allocated when the domain starts.</summary>
    public bool AutoPort { get; set; }

    /// <summary>Where the console listens.</summary>
    public List<GraphicsListen> Listens { get; } = [];

    /// <summary>Console password; only formatted with <see cref="DomainXmlFormatFlags.Secure"/>.</summary>
    public string? Passwd { get; set; }

    /// <summary>Keyboard map, e.g. en-us.</summary>
    public string? Keymap { get; set; }

    /// <summary>The address of the first address-type listen (libvirt's listen= attribute).</summary>
    public string? ListenAddress => Listens.FirstOrDefault() is { Type: "address" or "network", Address: { } a } ? a : null;

    internal static new GraphicsDevice FromElement(XElement e)
    {
        var r = new ElementReader(e, DomainSchema.Graphics);
        var g = new GraphicsDevice { Type = r.Enum("type", Types) ?? throw XmlModelException.Xml("missing graphics device type") };
        var portText = r.Attr("port");
        var autoport = r.YesNo("autoport");
        var tls = r.Int("tlsPort");
        int port = 0;
        if (portText is not null && !int.TryParse(portText, out port))
            throw XmlModelException.Xml($"cannot parse {g.Type} port {portText}");
        if (g.Type is "vnc" or "spice" or "rdp")
        {
            if (port == -1 || (g.Type == "vnc" && portText is null && autoport is null))
            {
                port = 0;
                g.AutoPort = true;
            }
            if (autoport is { } ap)
                g.AutoPort = ap;
            g.Port = Math.Max(port, 0);
            g.TlsPort = tls is > 0 ? tls.Value : 0;
            if (tls == -1)
                g.AutoPort = true;
        }

        g.Passwd = r.Attr("passwd");
        g.Keymap = r.Attr("keymap");
        var listenAttr = r.Attr("listen");
        var socketAttr = g.Type == "vnc" ? r.Attr("socket") : null;
        foreach (var le in r.Children("listen"))
        {
            var lr = new ElementReader(le, DomainSchema.GraphicsListen);
            var l = new GraphicsListen
            {
                Type = lr.Enum("type", GraphicsListen.Types) ?? throw XmlModelException.Xml("graphics listen type must be specified"),
                Address = lr.Attr("address"),
                Network = lr.Attr("network"),
                Socket = lr.Attr("socket"),
            };
            g.Listens.Add(l);
        }
        if (g.Listens.Count > 0 && listenAttr is not null && g.Listens[0].Type == "address" && g.Listens[0].Address != listenAttr)
            throw XmlModelException.Xml($"graphics 'listen' attribute '{listenAttr}' must match 'address' attribute of first listen element (found '{g.Listens[0].Address}')");
        if (g.Listens.Count == 0)
        {
            if (listenAttr is not null)
                g.Listens.Add(new GraphicsListen { Type = "address", Address = listenAttr });
            else if (socketAttr is not null)
                g.Listens.Add(new GraphicsListen { Type = "socket", Socket = socketAttr });
        }
        if (g.Type is "sdl" or "desktop" && e.Attribute("fullscreen")?.Value is { } fs)
        {
            if (fs is not ("yes" or "no"))
                throw XmlModelException.InvalidAttribute("fullscreen", "graphics", fs);
            r.Attr("fullscreen");
            if (fs == "yes")
                g.ExtraAttributes["fullscreen"] = "yes";
        }
        g.ReadInfo(r);
        g.TakeExtras(r);
        if (g.Type is not ("vnc" or "spice" or "rdp") && portText is not null)
            g.ExtraAttributes["port"] = portText;
        return g;
    }

    internal override XElement ToElement(DomainXmlFormatFlags flags)
    {
        bool inactive = flags.HasFlag(DomainXmlFormatFlags.Inactive);
        var b = Builder(DomainSchema.Graphics).Attr("type", Type);
        var first = Listens.FirstOrDefault();
        switch (Type)
        {
            case "vnc":
                if (first is { Type: "socket" })
                {
                    b.Attr("socket", first.Socket);
                    break;
                }
                if (Port > 0 && (!AutoPort || !inactive))
                    b.Attr("port", Port);
                else if (AutoPort)
                    b.Attr("port", "-1");
                b.YesNo("autoport", AutoPort);
                break;
            case "spice":
                if (Port > 0 && (!AutoPort || !inactive))
                    b.Attr("port", Port);
                if (TlsPort > 0 && (!AutoPort || !inactive))
                    b.Attr("tlsPort", TlsPort);
                if (AutoPort)
                    b.Attr("autoport", "yes");
                else if (Port > 0 || TlsPort > 0)
                    b.Attr("autoport", "no");
                break;
            case "rdp":
                b.Attr("port", Port > 0 ? Port : 0);
                if (AutoPort)
                    b.Attr("autoport", "yes");
                break;
        }
        if (Type is "vnc" or "spice" or "rdp")
        {
            b.Attr("listen", ListenAddress);
            b.Attr("keymap", Keymap);
            if (flags.HasFlag(DomainXmlFormatFlags.Secure))
                b.Attr("passwd", Passwd);
            foreach (var l in Listens)
            {
                var le = new XElement("listen", new XAttribute("type", l.Type));
                if (l.Address is not null && (l.Type == "address" || !inactive))
                    le.SetAttributeValue("address", l.Address);
                if (l.Network is not null)
                    le.SetAttributeValue("network", l.Network);
                if (l.Socket is not null)
                    le.SetAttributeValue("socket", l.Socket);
                b.Child(le);
            }
        }
        else
        {
            b.Attr("keymap", Keymap);
            if (flags.HasFlag(DomainXmlFormatFlags.Secure))
                b.Attr("passwd", Passwd);
        }
        WriteInfo(b, flags);
        return b.Build();
    }
}
