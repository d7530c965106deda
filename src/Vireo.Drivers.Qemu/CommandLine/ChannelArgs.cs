using Vireo.Model.Domain.Devices;

namespace Vireo.Drivers.Qemu.CommandLine;

/// <summary>
/// virtio channels (the guest agent's org.qemu.guest_agent.0 above all): a -chardev backend and a virtserialport on
/// the domain's virtio-serial controller. A unix channel without a path gets one (the agent's under RUN/qemu), which
/// the live XML then shows.
/// </summary>
public static class ChannelArgs
{
    /// <summary>The guest agent's channel name.</summary>
    public const string AgentName = "org.qemu.guest_agent.0";

    public static IEnumerable<QemuArg> Build(BuildContext ctx)
    {
        var channels = ctx.Def.Devices.Channels;
        for (int i = 0; i < channels.Count; i++)
        {
            var ch = channels[i];
            if (ch.TargetType != "virtio")
                throw QemuErrors.Unsupported($"channel {ch.Alias} of domain '{ctx.Def.Name}': target type '{ch.TargetType}' is not supported yet (virtio is)");
            if (ch.Type == "unix" && ch.SourcePath is null)
            {
                var path = ch.TargetName == AgentName && ctx.Options.AgentSocket is { } agent ? agent
                    : Path.Combine(ctx.Options.ChannelDir ?? throw QemuErrors.Unsupported($"channel {ch.Alias}: type 'unix' needs <source path=...>"),
                        ch.TargetName ?? ch.Alias + ".sock");
                if (ch.Sources.Count == 0)
                    ch.Sources.Add(new Dictionary<string, string>(StringComparer.Ordinal));
                ch.Sources[0]["mode"] = "bind";
                ch.Sources[0]["path"] = path;
            }
            var id = "char" + ch.Alias;
            yield return new("-chardev", SerialArgs.Chardev(ctx, ch, id));
            uint controller = ch.Address?.Get("controller") ?? 0, port = ch.Address?.Get("port") ?? (uint)(i + 1);
            yield return new("-device", new QemuOptionValue("virtserialport").Add("bus", $"virtio-serial{controller}.0").Add("nr", port)
                .Add("chardev", id).Add("id", ch.Alias).Add("name", ch.TargetName).ToString());
        }
    }
}
