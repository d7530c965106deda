using Vireo.Model.Identity;
using Vireo.Model.Network;

namespace Vireo.Model.Defaults;

/// <summary>Fills in a parsed network the way libvirt does on net-define.</summary>
public static class NetworkDefaults
{
    /// <summary>What libvirt's test driver adds: only a UUID (the parser already defaults stp='on' delay='0' and nat mode).</summary>
    public static void ApplyForTestDriver(NetworkDefinition net, Func<Guid>? newUuid = null)
    {
        if (!net.HasUuid)
            net.Uuid = (newUuid ?? Uuid.Generate)();
    }

    /// <summary>
    /// What libvirt's bridge network driver adds on top (not checkable with the test driver): a free virbrN bridge name,
    /// a random 52:54:00 bridge MAC, and the NAT source port range 1024-65535.
    /// </summary>
    public static void ApplyForBridgeDriver(NetworkDefinition net, IReadOnlyCollection<string> bridgesInUse, Func<Guid>? newUuid = null, Func<MacAddress>? newMac = null)
    {
        ApplyForTestDriver(net, newUuid);
        var mode = net.Forward?.Mode;
        if (mode is not (null or "nat" or "route" or "open"))
            return;
        if (net.BridgeName is null)
        {
            int n = 0;
            while (bridgesInUse.Contains("virbr" + n))
                n++;
            net.BridgeName = "virbr" + n;
        }
        net.Mac ??= (newMac ?? MacAddress.GenerateQemu)();
        if (net.Forward is { Mode: "nat", NatPortStart: null } fwd)
        {
            fwd.NatPortStart = 1024;
            fwd.NatPortEnd = 65535;
        }
    }
}
