using System.Globalization;
using Vireo.Model.Domain.Devices;

namespace Vireo.Drivers.Qemu.CommandLine;

/// <summary>Serial ports (and the console that aliases the first one): a -chardev backend (pty, file, unix, tcp, null) and an isa-serial device.</summary>
public static class SerialArgs
{
    public static IEnumerable<QemuArg> Build(BuildContext ctx)
    {
        var devs = ctx.Def.Devices;
        foreach (var s in devs.Serials)
        {
            if (s.TargetType is not (null or "isa-serial" or "serial"))
                throw QemuErrors.Unsupported($"serial port {s.TargetPort} of domain '{ctx.Def.Name}': target type '{s.TargetType}' is not supported yet (isa-serial is)");
            var id = "char" + s.Alias;
            yield return new("-chardev", Chardev(ctx, s, id));
            yield return new("-device", new QemuOptionValue("isa-serial").Add("chardev", id).Add("id", s.Alias).Add("index", s.TargetPort ?? 0).ToString());
        }
        // The first console is the serial port's alias (handled above); a separate console needs virtio-serial.
        foreach (var c in devs.Consoles.Skip(devs.Serials.Count > 0 ? 1 : 0))
            if (c.TargetType is not (null or "serial"))
                throw QemuErrors.Unsupported($"console of type '{c.TargetType}' in domain '{ctx.Def.Name}' is not supported yet (the serial console is)");
        if (devs.Parallels.Count > 0)
            throw QemuErrors.Unsupported("parallel ports are not supported yet by the qemu driver");
    }

    /// <summary>The -chardev value for a character device's backend.</summary>
    public static string Chardev(BuildContext ctx, CharDevice ch, string id)
    {
        var src = ch.Sources.Count > 0 ? ch.Sources[0] : new Dictionary<string, string>();
        string? Get(string k) => src.TryGetValue(k, out var v) ? v : null;
        switch (ch.Type)
        {
            case "pty":
                return new QemuOptionValue("pty").Add("id", id).ToString();
            case "null":
                return new QemuOptionValue("null").Add("id", id).ToString();
            case "file":
                var path = Get("path") ?? throw QemuErrors.Unsupported($"{ch.Kind} {ch.Alias}: type 'file' needs <source path=...>");
                return new QemuOptionValue("file").Add("id", id).Add("path", path).Add("append", Get("append") is "on" ? "on" : null).ToString();
            case "unix":
                var sock = Get("path") ?? Path.Combine(ctx.Options.ChannelDir
                    ?? throw QemuErrors.Unsupported($"{ch.Kind} {ch.Alias}: type 'unix' needs <source path=...>"), ch.Alias + ".sock");
                var u = new QemuOptionValue("socket").Add("id", id).Add("path", sock);
                if (Get("mode") is null or "bind")
                    u.Add("server", "on").Add("wait", "off");
                return u.ToString();
            case "tcp":
                var t = new QemuOptionValue("socket").Add("id", id).Add("host", Get("host") ?? "127.0.0.1")
                    .Add("port", Get("service") ?? throw QemuErrors.Unsupported($"{ch.Kind} {ch.Alias}: type 'tcp' needs <source service=PORT>"));
                if (ch.Protocol == "telnet")
                    t.Add("telnet", "on");
                if (Get("mode") is null or "bind")
                    t.Add("server", "on").Add("wait", "off");
                return t.ToString();
            default:
                throw QemuErrors.Unsupported($"{ch.Kind} {ch.Alias} of domain '{ctx.Def.Name}': character device type '{ch.Type}' is not supported " +
                    "(pty, file, unix, tcp and null are; stdio would tie the guest to the daemon)");
        }
    }

    internal static string Index(int n) => n.ToString(CultureInfo.InvariantCulture);
}
