using Vireo.Drivers.Qemu.CommandLine;
using Vireo.Model.Domain;
using Vireo.Model.Domain.Devices;
using Vireo.Network.Driver;
using Vireo.Network.Host;

namespace Vireo.Drivers.Qemu.Domains;

/// <summary>
/// Tap devices for &lt;interface type='network'&gt; and type='bridge': named vnetN as libvirt does, given the guest's
/// MAC (first byte 0xfe on the host side) and enslaved to the network's bridge before QEMU starts, removed when
/// the guest stops or fails to start. The live XML shows the tap as &lt;target dev&gt; and, for a network, its
/// bridge in &lt;source bridge&gt;. Interface hotplug uses <see cref="CreateTapAsync"/>/<see cref="DeleteTapAsync"/>.
/// </summary>
public sealed partial class QemuDomainDriver
{
    private readonly Lock _tapLock = new();
    private readonly HashSet<string> _tapsReserved = [];

    /// <summary>The network driver of the same daemon (set by the factory); guests' network interfaces resolve through it.</summary>
    internal BridgeNetworkDriver? Networks { get; set; }

    private HostCommands TapHost => Networks?.Host ?? new HostCommands(_settings.NetworkNamespace);

    private static bool UsesTap(InterfaceDevice nic) => nic.Type is "network" or "bridge" or "direct";

    /// <summary>Names every tap interface of a definition about to start and resolves its bridge; nothing is created yet.</summary>
    private async Task PrepareTapsAsync(DomainDefinition def)
    {
        foreach (var nic in def.Devices.Interfaces.Where(UsesTap))
            await PrepareTapAsync(def.Name, nic).ConfigureAwait(false);
    }

    private async Task PrepareTapAsync(string domain, InterfaceDevice nic)
    {
        if (nic.Mac is null)
            throw QemuErrors.Internal($"interface of domain '{domain}' has no MAC address");
        if (nic.Type == "network" && Networks?.DirectForGuest(nic.SourceNetwork!) is { } direct)
            (nic.SourceDev, nic.SourceMode) = direct;
        if (MacvtapFds.Uses(nic))
        {
            await PrepareMacvtapAsync(nic).ConfigureAwait(false);
            return;
        }
        if (nic.Type == "network")
        {
            var networks = Networks ?? throw QemuErrors.Unsupported($"interface {nic.Mac} of domain '{domain}': no network driver");
            nic.SourceBridge = networks.BridgeForGuest(nic.SourceNetwork!).Bridge;
        }
        else if (nic.SourceBridge is null)
            throw QemuErrors.Unsupported($"interface {nic.Mac} of domain '{domain}': type 'bridge' needs <source bridge='NAME'/>");
        // libvirt reserves the vnet prefix for names it generates.
        if (nic.TargetDev is null || nic.TargetDev.StartsWith("vnet", StringComparison.Ordinal))
        {
            string[] reserved;
            lock (_tapLock)
                reserved = [.. _tapsReserved];
            while (true)
            {
                var name = await new TapDevice(TapHost).NextFreeNameAsync(reserved).ConfigureAwait(false);
                lock (_tapLock)
                {
                    if (_tapsReserved.Add(name))
                    {
                        nic.TargetDev = name;
                        break;
                    }
                    reserved = [.. _tapsReserved];
                }
            }
        }
    }

    /// <summary>Creates the taps <see cref="PrepareTapsAsync"/> named; on failure removes the ones made.</summary>
    private async Task CreateTapsAsync(DomainDefinition live)
    {
        try
        {
            foreach (var nic in live.Devices.Interfaces.Where(UsesTap))
                await CreateTapCoreAsync(live.Name, nic).ConfigureAwait(false);
        }
        catch
        {
            await DeleteTapsAsync(live).ConfigureAwait(false);
            throw;
        }
    }

    private async Task CreateTapCoreAsync(string domain, InterfaceDevice nic)
    {
        if (MacvtapFds.Uses(nic))
        {
            await CreateMacvtapAsync(domain, nic).ConfigureAwait(false);
            return;
        }
        uint? mtu = nic.Type == "network" && Networks is { } n ? n.BridgeForGuest(nic.SourceNetwork!).Mtu : null;
        try
        {
            await new TapDevice(TapHost).CreateAsync(nic.TargetDev!, nic.Mac!.Value.ToString(), nic.SourceBridge, mtu).ConfigureAwait(false);
        }
        catch (HostCommandException e)
        {
            throw QemuErrors.System($"Unable to create tap device {nic.TargetDev} for domain '{domain}'", e.StdErr.Length > 0 ? e.StdErr : e.Message);
        }
    }

    /// <summary>Removes the taps of a stopped (or failed) guest; missing ones are fine, errors are logged.</summary>
    private async Task DeleteTapsAsync(DomainDefinition live)
    {
        foreach (var nic in live.Devices.Interfaces.Where(UsesTap))
            if (nic.TargetDev is { } name)
                await DeleteTapAsync(name).ConfigureAwait(false);
    }

    /// <summary>Hotplug: names and creates one tap for a new interface of a running guest (sets TargetDev/SourceBridge).</summary>
    internal async Task CreateTapAsync(string domain, InterfaceDevice nic)
    {
        await PrepareTapAsync(domain, nic).ConfigureAwait(false);
        try
        {
            await CreateTapCoreAsync(domain, nic).ConfigureAwait(false);
        }
        catch
        {
            await DeleteTapAsync(nic.TargetDev!).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Hotplug/stop: removes one tap and frees its name.</summary>
    internal async Task DeleteTapAsync(string name)
    {
        try
        {
            await new TapDevice(TapHost).DeleteAsync(name).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            _settings.Log($"cannot remove tap {name}: {e.Message}");
        }
        if (Directory.Exists(MacvtapNodeDir))
            File.Delete(Path.Combine(MacvtapNodeDir, name)); // a macvtap's own device node, if it needed one
        lock (_tapLock)
            _tapsReserved.Remove(name);
    }
}
