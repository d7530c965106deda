using Vireo.Drivers.Qemu.CommandLine;
using Vireo.Drivers.Qemu.Qmp;
using Vireo.Protocol.Errors;

namespace Vireo.Drivers.Qemu.Domains;

/// <summary>shutdown --mode agent / reboot --mode agent: guest-shutdown through the guest agent's channel.</summary>
public sealed partial class QemuDomainDriver
{
    /// <summary>VIR_DOMAIN_SHUTDOWN_GUEST_AGENT and VIR_DOMAIN_REBOOT_GUEST_AGENT.</summary>
    private const uint GuestAgentMode = 2;

    private async Task AgentShutdownAsync(QemuDomain d, string mode)
    {
        string socket;
        lock (_lock)
        {
            RequireActive(d);
            var channel = d.Live!.Devices.Channels.FirstOrDefault(c => c.TargetName == ChannelArgs.AgentName && c.Type == "unix")
                ?? throw new LibvirtException(ErrorCode.ArgumentUnsupported, ErrorDomain.Qemu, "argument unsupported: QEMU guest agent is not configured");
            socket = channel.SourcePath ?? _paths.AgentSocket(d.Name);
            d.FakeReboot = false;
        }
        try
        {
            await GuestAgentClient.ShutdownAsync(socket, mode, TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        }
        catch (TimeoutException e)
        {
            throw new LibvirtException(ErrorCode.AgentUnresponsive, ErrorDomain.Qemu, "Guest agent is not responding: " + e.Message);
        }
    }
}
