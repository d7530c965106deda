using System.Globalization;
using Vireo.Model.Domain.Devices;

namespace Vireo.Drivers.Qemu.CommandLine;

/// <summary>
/// Graphics, video and input: -display none without a console, else -vnc on 127.0.0.1 (the port allocated from 5900
/// for autoport) with tls-creds when qemu.conf turns on vnc_tls, -k keymap, the video adapters and USB tablets. The VNC password is set over QMP after start.
/// </summary>
public static class GraphicsArgs
{
    /// <summary>VNC display 0 is TCP port 5900.</summary>
    public const int VncPortBase = 5900;

    /// <summary>Where a VNC console listens when the definition does not say.</summary>
    public const string DefaultListen = "127.0.0.1";

    /// <summary>-display none when the domain has no graphics (placed early, as libvirt does).</summary>
    public static IEnumerable<QemuArg> Display(BuildContext ctx)
    {
        if (ctx.Def.Devices.Graphics.Count == 0)
            yield return new("-display", "none");
    }

    public static IEnumerable<QemuArg> Build(BuildContext ctx)
    {
        var devs = ctx.Def.Devices;
        int auto = 0;
        foreach (var g in devs.Graphics)
        {
            if (g.Type == "spice")
            {
                yield return new("-spice", SpiceArgs.Spice(ctx, g, ref auto));
                continue;
            }
            if (g.Type != "vnc")
                throw QemuErrors.Unsupported($"graphics type '{g.Type}' of domain '{ctx.Def.Name}' is not supported yet by the qemu driver (vnc and spice are)");
            if (ctx.Options.VncTlsX509Dir is { } dir && g == devs.Graphics.First(x => x.Type == "vnc"))
                yield return new("-object", VncTlsCreds(dir, ctx.Options.VncTlsVerify)); // one object all VNC servers share
            yield return new("-vnc", Vnc(ctx, g, ref auto));
            if (g.Keymap is { } k)
                yield return new("-k", k);
        }
        foreach (var input in devs.Inputs)
        {
            switch (input.Bus, input.Type)
            {
                case ("ps2", _):
                    break; // built into the pc machine
                case ("usb", "tablet"):
                    yield return new("-device", new QemuOptionValue("usb-tablet").Add("id", input.Alias).Add("bus", "usb.0").ToString());
                    break;
                case ("usb", "mouse"):
                    yield return new("-device", new QemuOptionValue("usb-mouse").Add("id", input.Alias).Add("bus", "usb.0").ToString());
                    break;
                case ("usb", "keyboard"):
                    yield return new("-device", new QemuOptionValue("usb-kbd").Add("id", input.Alias).Add("bus", "usb.0").ToString());
                    break;
                default:
                    throw QemuErrors.Unsupported($"input {input.Type} on bus {input.Bus} is not supported yet by the qemu driver");
            }
        }
        foreach (var v in devs.Videos)
        {
            var model = v.ModelType switch
            {
                "none" => null,
                "cirrus" => "cirrus-vga",
                "vga" => "VGA",
                "qxl" => "qxl-vga",
                "virtio" => "virtio-vga",
                "bochs" => "bochs-display",
                "ramfb" => "ramfb",
                var m => throw QemuErrors.Unsupported($"video model '{m}' is not supported by the qemu driver"),
            };
            if (model is not null)
                yield return new("-device", ctx.PciOnRoot(new QemuOptionValue(model).Add("id", v.Alias), v).ToString());
        }
    }

    private static string Vnc(BuildContext ctx, GraphicsDevice g, ref int auto)
    {
        var first = g.Listens.FirstOrDefault();
        QemuOptionValue v;
        if (first is { Type: "socket", Socket: { } sock })
            v = new QemuOptionValue("unix:" + sock);
        else if (first is { Type: "none" })
            v = new QemuOptionValue("none");
        else
        {
            int port;
            if (g.AutoPort)
            {
                if (auto >= ctx.Options.GraphicsPorts.Count)
                    throw QemuErrors.Internal($"no VNC port was allocated for graphics #{auto} of domain '{ctx.Def.Name}'");
                port = ctx.Options.GraphicsPorts[auto++];
            }
            else
                port = g.Port;
            if (port < VncPortBase)
                throw QemuErrors.Unsupported($"VNC port {port} of domain '{ctx.Def.Name}' is below {VncPortBase} (display :0)");
            var listen = g.ListenAddress ?? DefaultListen;
            if (listen.Contains(':'))
                listen = "[" + listen + "]";
            v = new QemuOptionValue(listen + ":" + (port - VncPortBase).ToString(CultureInfo.InvariantCulture));
        }
        if (g.Passwd is not null)
            v.Add("password", "on");
        if (ctx.Options.VncTlsX509Dir is not null)
            v.Add("tls-creds", VncTlsAlias);
        return v.ToString();
    }

    /// <summary>The id of the VNC server's TLS credentials object (libvirt's name).</summary>
    public const string VncTlsAlias = "vnc-tls-creds0";

    /// <summary>The tls-creds-x509 object in JSON, as libvirt 9 writes -object for QEMU 7.</summary>
    private static string VncTlsCreds(string dir, bool verify) =>
        $"{{\"qom-type\":\"tls-creds-x509\",\"id\":\"{VncTlsAlias}\",\"dir\":{JsonString(dir)},\"endpoint\":\"server\",\"verify-peer\":{(verify ? "true" : "false")}}}";

    private static string JsonString(string s)
    {
        var b = new System.Text.StringBuilder("\"");
        foreach (char c in s)
        {
            if (c is '"' or '\\') b.Append('\\').Append(c);
            else if (c < ' ') b.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
            else b.Append(c);
        }
        return b.Append('"').ToString();
    }
}
