using System.Globalization;
using Vireo.Model.Domain.Devices;

namespace Vireo.Drivers.Qemu.CommandLine;

/// <summary>NICs: a -netdev backend (user networking, or the tap the driver made for network/bridge) and a -device frontend (virtio, e1000, rtl8139) each.</summary>
public static class NetworkArgs
{
    /// <summary>libvirt's default NIC model on x86 when &lt;model&gt; is absent.</summary>
    public const string DefaultModel = "rtl8139";

    public static IEnumerable<QemuArg> Build(BuildContext ctx)
    {
        var nics = ctx.Def.Devices.Interfaces;
        for (int i = 0; i < nics.Count; i++)
        {
            var nic = nics[i];
            var netdev = "hostnet" + i.ToString(CultureInfo.InvariantCulture);
            yield return new("-netdev", Backend(ctx, nic, netdev));
            yield return new("-device", Frontend(ctx, nic, netdev));
        }
    }

    private static string Backend(BuildContext ctx, InterfaceDevice nic, string id) => nic.Type switch
    {
        // A macvtap the driver made (type direct, or a network of macvtap mode): QEMU gets its open descriptor.
        _ when MacvtapFds.Uses(nic) => MacvtapFds.Backend(ctx.Def, nic, id),
        "user" => new QemuOptionValue("user").Add("id", id).ToString(),
        // The driver creates the tap (vnetN on the network's bridge) before QEMU starts; QEMU only opens it.
        "network" or "bridge" => new QemuOptionValue("tap").Add("id", id).Add("ifname", nic.TargetDev ?? throw QemuErrors.Internal(
            $"interface {nic.Mac} of domain '{ctx.Def.Name}' has no tap device{Source(nic)}")).Add("script", "no").Add("downscript", "no").ToString(),
        _ => throw QemuErrors.Unsupported($"interface {nic.Mac} of domain '{ctx.Def.Name}': type '{nic.Type}' is not supported by the qemu driver"),
    };

    private static string Source(InterfaceDevice nic) =>
        nic.SourceNetwork is { } n ? $" (network '{n}')" : nic.SourceBridge is { } b ? $" (bridge '{b}')" : "";

    private static string Frontend(BuildContext ctx, InterfaceDevice nic, string netdev)
    {
        var model = (nic.ModelType ?? DefaultModel) switch
        {
            "virtio" => "virtio-net-pci",
            "e1000" => "e1000",
            "e1000e" => "e1000e",
            "rtl8139" => "rtl8139",
            "ne2k_pci" => "ne2k_pci",
            "pcnet" => "pcnet",
            var m => throw QemuErrors.Unsupported($"interface {nic.Mac} of domain '{ctx.Def.Name}': NIC model '{m}' is not supported by the qemu driver"),
        };
        var v = new QemuOptionValue(model).Add("netdev", netdev).Add("id", nic.Alias).Add("mac", nic.Mac?.ToString());
        BuildContext.Pci(v, nic);
        v.Add("bootindex", ctx.BootIndexOf(nic));
        return v.ToString();
    }
}
