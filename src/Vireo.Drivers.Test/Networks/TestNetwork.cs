using Vireo.Drivers.Networks;
using Vireo.Model.Network;

namespace Vireo.Drivers.Test.Networks;

/// <summary>
/// One virtual network of the test driver, as libvirt's virNetworkObj: the definition it shows (<see cref="Def"/>),
/// the persistent copy a config-only update on a running network creates (<see cref="NewDef"/>), and flags.
/// Guarded by the owning driver's lock.
/// </summary>
internal sealed class TestNetwork(NetworkDefinition def, bool persistent)
{
    /// <summary>vm->def: what net-dumpxml prints, live when running.</summary>
    public NetworkDefinition Def { get; set; } = def;

    /// <summary>vm->newDef: the persistent config when it differs from the running one.</summary>
    public NetworkDefinition? NewDef { get; set; }

    public bool Persistent { get; set; } = persistent;
    public bool Active { get; set; }
    public bool Autostart { get; set; }

    public string Name => Def.Name;
    public Guid Uuid => Def.Uuid;
    public NetworkRef Ref => new(Name, Uuid);

    /// <summary>virNetworkObjGetPersistentDef.</summary>
    public NetworkDefinition PersistentDef => NewDef ?? Def;
}
