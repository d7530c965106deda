using Vireo.Drivers.Qemu.CommandLine;
using Vireo.Drivers.Qemu.Qmp;
using Vireo.Model.Domain;
using Vireo.Model.Domain.Devices;

namespace Vireo.Drivers.Qemu.Domains;

/// <summary>
/// Live NIC hotplug. User networking is a netdev_add + device_add; tap-backed types (network, bridge) wait for the
/// networks work, which replaces these two methods.
/// </summary>
public sealed partial class QemuDomainDriver
{
    private static async Task<DomainDevice> AttachInterfaceLiveAsync(string domain, DomainDefinition live, InterfaceDevice nic, QmpClient qmp)
    {
        if (nic.Type != "user")
            throw QemuErrors.Unsupported($"interface {nic.Mac} of domain '{domain}': live attach of type '{nic.Type}' is not supported yet (it needs a tap device); use <interface type='user'>");
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
            throw;
        }
        return nic;
    }

    private static async Task DetachInterfaceLiveAsync(InterfaceDevice nic, QmpClient qmp)
    {
        if (nic.Type != "user")
            throw QemuErrors.Unsupported($"interface {nic.Mac}: live detach of type '{nic.Type}' is not supported yet");
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
    }

    private static string FreeAlias(DomainDefinition def, string prefix)
    {
        var used = def.Devices.All().Select(x => x.Alias).ToHashSet();
        for (int i = 0; ; i++)
            if (!used.Contains(prefix + i.ToString(System.Globalization.CultureInfo.InvariantCulture)))
                return prefix + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}
