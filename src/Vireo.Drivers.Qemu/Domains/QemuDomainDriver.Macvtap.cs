using Vireo.Drivers.Qemu.CommandLine;
using Vireo.Model.Domain;
using Vireo.Model.Domain.Devices;
using Vireo.Network.Host;

namespace Vireo.Drivers.Qemu.Domains;

/// <summary>
/// macvtap devices for &lt;interface type='direct'&gt; (and type='network' on a macvtap network): named macvtapN as
/// libvirt does, made on the source dev in its mode with the guest's MAC before QEMU starts, handed to QEMU as
/// open descriptors of their character devices, removed with the guest's taps when it stops or fails to start.
/// </summary>
public sealed partial class QemuDomainDriver
{
    private string MacvtapNodeDir => Path.Combine(_paths.StateDir, "macvtap");

    private async Task PrepareMacvtapAsync(InterfaceDevice nic)
    {
        // libvirt's default mode for a direct interface.
        nic.SourceMode ??= "vepa";
        if (nic.TargetDev is not null && !nic.TargetDev.StartsWith(MacvtapDevice.Prefix, StringComparison.Ordinal))
            return;
        string[] reserved;
        lock (_tapLock)
            reserved = [.. _tapsReserved];
        while (true)
        {
            var name = await new MacvtapDevice(TapHost).NextFreeNameAsync(reserved).ConfigureAwait(false);
            lock (_tapLock)
            {
                if (_tapsReserved.Add(name))
                {
                    nic.TargetDev = name;
                    return;
                }
                reserved = [.. _tapsReserved];
            }
        }
    }

    private async Task CreateMacvtapAsync(string domain, InterfaceDevice nic)
    {
        try
        {
            await new MacvtapDevice(TapHost).CreateAsync(nic.TargetDev!, nic.SourceDev!, nic.SourceMode ?? "vepa", nic.Mac!.Value.ToString()).ConfigureAwait(false);
        }
        catch (HostCommandException e)
        {
            throw QemuErrors.System($"Unable to create macvtap device {nic.TargetDev} for domain '{domain}'", e.StdErr.Length > 0 ? e.StdErr : e.Message);
        }
    }

    /// <summary>The character devices of the guest's macvtaps, in the order QEMU expects them on fd 3, 4, ...</summary>
    private async Task<IReadOnlyList<string>> MacvtapFilesAsync(DomainDefinition live)
    {
        var files = new List<string>();
        foreach (var nic in live.Devices.Interfaces.Where(MacvtapFds.Uses))
            files.Add(await new MacvtapDevice(TapHost).CharDevicePathAsync(nic.TargetDev!, MacvtapNodeDir).ConfigureAwait(false));
        return files;
    }
}
