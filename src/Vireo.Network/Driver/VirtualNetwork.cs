using Vireo.Drivers.Networks;
using Vireo.Model.Network;

namespace Vireo.Network.Driver;

/// <summary>
/// One network of the driver (libvirt's virNetworkObj): the definition it shows (live while running), the
/// persistent definition when a running network's config was changed, and its flags. Guarded by the driver.
/// </summary>
internal sealed class VirtualNetwork(NetworkDefinition def, bool persistent)
{
    public NetworkDefinition Def { get; set; } = def;
    public NetworkDefinition? NewDef { get; set; }
    public bool Persistent { get; set; } = persistent;
    public bool Active { get; set; }
    public bool Autostart { get; set; }

    public string Name => Def.Name;
    public Guid Uuid => Def.Uuid;
    public NetworkRef Ref => new(Name, Uuid);
    public NetworkDefinition PersistentDef => NewDef ?? Def;
}
