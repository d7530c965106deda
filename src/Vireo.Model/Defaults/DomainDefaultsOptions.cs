using Vireo.Model.Identity;

namespace Vireo.Model.Defaults;

/// <summary>What differs between drivers when libvirt fills in a domain definition (taken from the driver's capabilities and post-parse hooks).</summary>
public sealed record DomainDefaultsOptions
{
    /// <summary>Default architecture for an OS type when &lt;type arch=&gt; is missing (the first matching guest in capabilities).</summary>
    public required Func<string, string> DefaultArch { get; init; }

    /// <summary>Default machine type for an OS type and architecture, or null when the driver adds none.</summary>
    public Func<string, string, string?> DefaultMachine { get; init; } = static (_, _) => null;

    /// <summary>Emulator path to add when &lt;emulator&gt; is missing, or null when the driver adds none.</summary>
    public Func<string, string?> DefaultEmulator { get; init; } = static _ => null;

    /// <summary>Host-side interface name for the Nth interface without one (the test driver's "testnetN"), or null to leave it unset.</summary>
    public Func<int, string>? InterfaceName { get; init; }

    /// <summary>XML namespaces whose top-level elements the driver keeps (e.g. QEMU's qemu:commandline); others are dropped like libvirt does.</summary>
    public IReadOnlyCollection<string> KeptNamespaces { get; init; } = [];

    /// <summary>Generates UUIDs for definitions that lack one.</summary>
    public Func<Guid> NewUuid { get; init; } = Uuid.Generate;

    /// <summary>Generates MAC addresses for interfaces that lack one.</summary>
    public Func<MacAddress> NewMac { get; init; } = MacAddress.GenerateQemu;

    /// <summary>libvirt's test driver (test:///default): i686 guests, no machine or emulator, interfaces named testnetN.</summary>
    public static DomainDefaultsOptions TestDriver { get; } = new()
    {
        DefaultArch = static _ => "i686",
        InterfaceName = static n => "testnet" + n.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
