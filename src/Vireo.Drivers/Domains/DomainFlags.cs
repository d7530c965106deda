namespace Vireo.Drivers.Domains;

/// <summary>Flag values of the libvirt APIs the drivers interpret.</summary>
public static class DomainFlags
{
    // virConnectListAllDomainsFlags
    public const uint ListActive = 1, ListInactive = 2, ListPersistent = 4, ListTransient = 8, ListRunning = 16, ListPaused = 32,
        ListShutoff = 64, ListOther = 128, ListManagedSave = 256, ListNoManagedSave = 512, ListAutostart = 1024,
        ListNoAutostart = 2048, ListHasSnapshot = 4096, ListNoSnapshot = 8192, ListHasCheckpoint = 16384, ListNoCheckpoint = 32768;

    // virDomainXMLFlags
    public const uint XmlSecure = 1, XmlInactive = 2, XmlUpdateCpu = 4, XmlMigratable = 8;

    // virDomainModificationImpact (memory, vcpus, devices)
    public const uint AffectCurrent = 0, AffectLive = 1, AffectConfig = 2;
    public const uint MemMaximum = 4;
    public const uint VcpuMaximum = 4, VcpuGuest = 8, VcpuHotpluggable = 16;

    // virDomainUndefineFlagsValues
    public const uint UndefineManagedSave = 1, UndefineSnapshotsMetadata = 2, UndefineNvram = 4, UndefineKeepNvram = 8,
        UndefineCheckpointsMetadata = 16;

    // virDomainCreateFlags
    public const uint StartPaused = 1, StartAutodestroy = 2, StartBypassCache = 4, StartForceBoot = 8, StartValidate = 16;

    // virDomainDefineFlags
    public const uint DefineValidate = 1;

    // virDomainDestroyFlagsValues
    public const uint DestroyGraceful = 1;

    // virDomainSaveRestoreFlags
    public const uint SaveBypassCache = 1, SaveRunning = 2, SavePaused = 4;

    // virDomainInterfaceAddressesSource
    public const uint AddressesSrcLease = 0, AddressesSrcAgent = 1, AddressesSrcArp = 2;
}
