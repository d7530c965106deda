using Vireo.Model.Capabilities;
using Vireo.Model.Domain;
using Vireo.Model.Network;
using Vireo.Model.Storage;

namespace Vireo.Model;

/// <summary>
/// What libvirt 9.0's test:///default contains when it opens: domain "test" (running, id 1), network "default" (active),
/// pool "default-pool" (active, 100 GiB, empty), interface "eth1", and its capabilities. XML files sit beside this class.
/// </summary>
public static class TestDriverDefaults
{
    /// <summary>Id of the running domain "test".</summary>
    public const int TestDomainId = 1;

    /// <summary>Node info of test:///default (virsh nodeinfo): model, MiB/KiB, CPUs, MHz, cells, sockets, cores, threads.</summary>
    public static (string Model, ulong MemoryKiB, int Cpus, int Mhz, int Nodes, int Sockets, int Cores, int Threads) NodeInfo =>
        ("i686", 3145728, 16, 1400, 2, 2, 2, 2);

    /// <summary>Host name the test driver reports.</summary>
    public const string Hostname = "vm";

    /// <summary>The persistent definition of domain "test" (set <see cref="DomainDefinition.Id"/> to 1 while it runs).</summary>
    public static DomainDefinition Domain() => DomainDefinition.Parse(Xml("domain-test"));

    /// <summary>Network "default".</summary>
    public static NetworkDefinition Network() => NetworkDefinition.Parse(Xml("network-default"));

    /// <summary>Pool "default-pool" (dir pool at /default-pool).</summary>
    public static StoragePoolDefinition Pool() => StoragePoolDefinition.Parse(Xml("pool-default-pool"));

    /// <summary>Host interface "eth1" as XML (the model has no interface type yet).</summary>
    public static string InterfaceEth1Xml => Xml("interface-eth1");

    /// <summary>The test driver's capabilities.</summary>
    public static CapabilitiesDefinition Capabilities() => CapabilitiesDefinition.TestDriver();

    /// <summary>One of the embedded XML files by base name, e.g. "domain-test".</summary>
    public static string Xml(string name)
    {
        using var s = typeof(TestDriverDefaults).Assembly.GetManifestResourceStream($"Vireo.Model.TestDriverDefaults.{name}.xml")
            ?? throw new ArgumentException($"no embedded test driver default named '{name}'", nameof(name));
        using var r = new StreamReader(s);
        return r.ReadToEnd();
    }
}
