using System.Globalization;
using Vireo.Model.Domain.Devices;

namespace Vireo.Drivers.Qemu.CommandLine;

/// <summary>
/// The -spice option as libvirt 9.0 writes it: port (from the shared VNC/SPICE autoport range), addr, then
/// disable-ticketing=on unless a password is set (QEMU then refuses clients until set_password gives it one), and
/// seamless-migration=on.
/// </summary>
public static class SpiceArgs
{
    public static string Spice(BuildContext ctx, GraphicsDevice g, ref int auto)
    {
        var first = g.Listens.FirstOrDefault();
        var v = new QemuOptionValue();
        if (first is { Type: "socket", Socket: { } sock })
            v.Add("unix", "on").Add("addr", sock);
        else if (first is { Type: "none" } || (!g.AutoPort && g.Port == 0 && g.TlsPort == 0))
        {
            // A SPICE server without a TCP port: clients reach it only through a passed file descriptor.
        }
        else
        {
            int port;
            if (g.AutoPort)
            {
                if (auto >= ctx.Options.GraphicsPorts.Count)
                    throw QemuErrors.Internal($"no SPICE port was allocated for graphics #{auto} of domain '{ctx.Def.Name}'");
                port = ctx.Options.GraphicsPorts[auto++];
            }
            else
                port = g.Port;
            if (port > 0)
                v.Add("port", port.ToString(CultureInfo.InvariantCulture));
            if (g.TlsPort > 0)
                throw QemuErrors.Unsupported($"SPICE tlsPort of domain '{ctx.Def.Name}' is not supported yet by the qemu driver");
            v.Add("addr", g.ListenAddress ?? GraphicsArgs.DefaultListen);
        }
        if (g.Passwd is null)
            v.Add("disable-ticketing", "on");
        v.Add("seamless-migration", "on");
        return v.ToString();
    }
}
