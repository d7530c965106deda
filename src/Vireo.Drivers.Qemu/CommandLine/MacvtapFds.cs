using System.Globalization;
using Vireo.Model.Domain;
using Vireo.Model.Domain.Devices;

namespace Vireo.Drivers.Qemu.CommandLine;

/// <summary>
/// Guest NICs backed by a macvtap (&lt;interface type='direct'&gt;, or type='network' on a macvtap network, which
/// the driver resolves to a source dev and mode): QEMU gets the macvtap's character device as an open descriptor,
/// the first such NIC on fd 3, the next on 4 and so on (the launcher opens them there), as -netdev tap,fd=N.
/// </summary>
public static class MacvtapFds
{
    public const int First = 3;

    /// <summary>The launcher's shell redirects single-digit descriptors only: 3 to 9.</summary>
    public const int Max = 7;

    public static bool Uses(InterfaceDevice nic) =>
        nic.Type == "direct" || (nic.Type == "network" && nic.SourceBridge is null && nic.SourceDev is not null);

    /// <summary>The descriptor QEMU finds this NIC's macvtap on.</summary>
    public static int FdOf(DomainDefinition def, InterfaceDevice nic)
    {
        var index = def.Devices.Interfaces.Where(Uses).ToList().IndexOf(nic);
        if (index >= Max)
            throw QemuErrors.Unsupported($"domain '{def.Name}' has more than {Max} direct (macvtap) interfaces");
        return First + index;
    }

    public static string Backend(DomainDefinition def, InterfaceDevice nic, string id) =>
        new QemuOptionValue("tap").Add("fd", FdOf(def, nic).ToString(CultureInfo.InvariantCulture)).Add("id", id).ToString();
}
