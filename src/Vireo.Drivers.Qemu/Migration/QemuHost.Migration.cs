namespace Vireo.Drivers.Qemu.Host;

public sealed partial class QemuHost
{
    // virDrvFeature: MIGRATION_P2P (4), MIGRATION_V3 (6), MIGRATE_CHANGE_PROTECTION (7), XML_MIGRATABLE (11),
    // MIGRATION_OFFLINE (12), MIGRATION_PARAMS (13). Not DIRECT (5, unmanaged direct migration) nor V1/V2, as libvirt's qemu driver.
    public bool SupportsFeature(int feature) => feature is 4 or 6 or 7 or 11 or 12 or 13;
}
