using Vireo.Drivers.Qemu.Migration;
using Vireo.Model.Domain;
using Vireo.Model.Domain.Devices;
using Vireo.Protocol.Errors;

namespace Vireo.Drivers.Qemu.Domains;

// --copy-storage-inc (issue 8), libvirt's semantics: only the top image of each disk is copied (mirror sync=top);
// its backing chain must already be on the destination. Begin names each disk's backing file in the cookie, Prepare
// checks it is visible there and creates the missing top image over it, Perform mirrors only what the top holds.
public sealed partial class QemuDomainDriver
{
    /// <summary>The blockdev-mirror sync mode of a disk copy.</summary>
    private static string MirrorSync(uint flags) => MigrateFlag.Has(flags, MigrateFlag.NonSharedInc) ? "top" : "full";

    private static void CheckCopyFlags(uint flags)
    {
        if (MigrateFlag.Has(flags, MigrateFlag.NonSharedDisk) && MigrateFlag.Has(flags, MigrateFlag.NonSharedInc))
            throw QemuErrors.InvalidArg("migration with full disk copy and incremental disk copy are mutually exclusive");
    }

    /// <summary>Begin: for an incremental copy, the backing file each copied disk's top image names (as recorded in it).</summary>
    private static void AddBackingToCookie(MigrationCookie cookie, DiskDevice disk, uint flags)
    {
        if (!MigrateFlag.Has(flags, MigrateFlag.NonSharedInc) || disk.DriverType != "qcow2" || disk.SourceFile is null)
            return;
        using var img = Vireo.Images.Image.Open(disk.SourceFile, new Vireo.Images.ImageOpenOptions { Format = "qcow2", OpenBacking = false });
        if (img is Vireo.Images.Qcow2.Qcow2Image { BackingFileName: { } name } q)
            cookie.Backing[disk.TargetDev] = (name, q.BackingFormat ?? Vireo.Images.ImageProbe.Probe(Vireo.Images.Image.ResolveBacking(disk.SourceFile, name)));
    }

    /// <summary>Prepare: an incremental copy needs each disk's backing file here already (it is not copied).</summary>
    private static void CheckBackingVisible(DomainDefinition def, MigrationCookie cookie)
    {
        foreach (var (target, (name, _)) in cookie.Backing)
        {
            var disk = def.Devices.Disks.FirstOrDefault(x => x.TargetDev == target);
            if (disk?.SourceFile is null)
                continue;
            var path = Vireo.Images.Image.ResolveBacking(disk.SourceFile, name);
            if (!File.Exists(path))
                throw QemuErrors.OperationFailed(
                    $"backing file '{path}' of disk '{target}' of domain '{def.Name}' is not visible on the destination host; --copy-storage-inc copies only the top image (use --copy-storage-all)",
                    ErrorDomain.Domain);
        }
    }
}
