using Vireo.Drivers.Qemu.CommandLine;
using Vireo.Drivers.Qemu.Qmp;
using Vireo.Model.Domain;
using Vireo.Model.Domain.Devices;

namespace Vireo.Drivers.Qemu.Domains;

/// <summary>
/// Live NIC hotplug: a netdev_add + device_add. For tap-backed types (network, bridge) the driver first creates the
/// tap on the bridge (as at start) and removes it again when the attach fails or the NIC is detached.
/// </summary>
public sealed partial class QemuDomainDriver
{
    private async Task<DomainDevice> AttachInterfaceLiveAsync(string domain, DomainDefinition live, InterfaceDevice nic, QmpClient qmp)
    {
        if (nic.Type is not ("user" or "network" or "bridge"))
            throw QemuErrors.Unsupported($"interface {nic.Mac} of domain '{domain}': live attach of type '{nic.Type}' is not supported");
        if (nic.Type == "network" && Networks?.DirectForGuest(nic.SourceNetwork!) is not null)
            throw QemuErrors.Unsupported($"interface {nic.Mac} of domain '{domain}': live attach on macvtap network '{nic.SourceNetwork}' is not supported");
        string driver = (nic.ModelType ?? NetworkArgs.DefaultModel) switch
        {
            "virtio" => "virtio-net-pci",
            "e1000" or "e1000e" or "rtl8139" or "ne2k_pci" or "pcnet" => nic.ModelType ?? NetworkArgs.DefaultModel,
            var m => throw QemuErrors.Unsupported($"interface {nic.Mac}: NIC model '{m}' is not supported by the qemu driver"),
        };
        live.Devices.Add(nic);
        nic.Alias ??= FreeAlias(live, "net");
        PciSlots.Assign(live);
        var netdev = "host" + nic.Alias;
        if (UsesTap(nic))
        {
            await CreateTapAsync(domain, nic).ConfigureAwait(false);
            try
            {
                await Qmp(() => qmp.NetdevAddTapAsync(netdev, nic.TargetDev!)).ConfigureAwait(false);
            }
            catch
            {
                await DeleteTapAsync(nic.TargetDev!).ConfigureAwait(false);
                throw;
            }
        }
        else
            await Qmp(() => qmp.NetdevAddUserAsync(netdev)).ConfigureAwait(false);
        try
        {
            var props = new List<KeyValuePair<string, object>> { new("netdev", netdev), new("id", nic.Alias), new("mac", nic.Mac!.ToString()!) };
            AddPci(props, nic);
            await Qmp(() => qmp.DeviceAddAsync(driver, props)).ConfigureAwait(false);
        }
        catch
        {
            try
            {
                await qmp.NetdevDelAsync(netdev).ConfigureAwait(false);
            }
            catch (Exception e) when (e is QmpErrorException or QmpDisconnectedException)
            {
            }
            if (UsesTap(nic))
                await DeleteTapAsync(nic.TargetDev!).ConfigureAwait(false);
            throw;
        }
        return nic;
    }

    private async Task DetachInterfaceLiveAsync(InterfaceDevice nic, QmpClient qmp)
    {
        await UnplugAsync(qmp, nic.Alias!).ConfigureAwait(false);
        // Backends are "host" + alias (hostnet0 for net0), from the command line and from hotplug alike.
        try
        {
            await qmp.NetdevDelAsync("host" + nic.Alias).ConfigureAwait(false);
        }
        catch (QmpErrorException)
        {
            // QEMU may have removed a backend whose device went away.
        }
        if (UsesTap(nic) && nic.TargetDev is { } tap)
            await DeleteTapAsync(tap).ConfigureAwait(false);
    }

    private static string FreeAlias(DomainDefinition def, string prefix)
    {
        var used = def.Devices.All().Select(x => x.Alias).ToHashSet();
        for (int i = 0; ; i++)
            if (!used.Contains(prefix + i.ToString(System.Globalization.CultureInfo.InvariantCulture)))
                return prefix + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}
