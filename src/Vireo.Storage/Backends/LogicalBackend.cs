using System.Globalization;
using Vireo.Model.Storage;
using Vireo.Protocol.Errors;
using Vireo.Storage.Host;
using Vireo.Storage.Pools;
using Vireo.Storage.Volumes;

namespace Vireo.Storage.Backends;

/// <summary>
/// An LVM volume group (type logical) run through the lvm2 tools: build = pvcreate + vgcreate on the source
/// devices, start/stop = vgchange -aly/-aln, delete = vgremove + pvremove; volumes are logical volumes made by
/// lvcreate and removed by lvremove; sizes come from vgs and lvs. The target is always /dev/VGNAME.
/// </summary>
internal sealed class LogicalBackend : PoolBackend
{
    public override string Type => "logical";

    private static string Vg(StoragePoolDefinition def) => def.Source.Name ?? def.Name;

    public override void Complete(StoragePoolDefinition def)
    {
        def.Source.Format ??= "lvm2";
        def.TargetPath = "/dev/" + Vg(def);
    }

    public override async Task BuildAsync(StoragePoolDefinition def, uint flags)
    {
        StorageErrors.CheckFlags(flags, VolumeFlags.PoolBuildOverwrite | VolumeFlags.PoolBuildNoOverwrite, "virStorageBackendLogicalBuildPool");
        if (def.Source.Devices.Count == 0)
            throw StorageErrors.Failed($"cannot build logical pool '{def.Name}': no source device given");
        foreach (var dev in def.Source.Devices)
        {
            if ((flags & VolumeFlags.PoolBuildOverwrite) == 0)
            {
                var probe = await HostCommand.RunAsync(["blkid", "-p", "-o", "value", "-s", "TYPE", dev]).ConfigureAwait(false);
                if (probe.Stdout.Trim() is { Length: > 0 } existing)
                    throw StorageErrors.Failed($"Format of device '{dev}' does not match the expected format '{def.Source.Format}', forced overwrite is necessary (it holds {existing})");
                await HostCommand.RunCheckedAsync(["pvcreate", dev]).ConfigureAwait(false);
            }
            else
                await HostCommand.RunCheckedAsync(["pvcreate", "-ff", "-y", dev]).ConfigureAwait(false);
        }
        await HostCommand.RunCheckedAsync(["vgcreate", Vg(def), .. def.Source.Devices]).ConfigureAwait(false);
    }

    public override async Task StartAsync(StoragePoolDefinition def)
    {
        var vgs = await HostCommand.RunAsync(["vgs", "--noheadings", "-o", "vg_name", Vg(def)]).ConfigureAwait(false);
        if (vgs.ExitCode != 0)
            throw StorageErrors.Failed($"volume group '{Vg(def)}' not found: {vgs.Stderr.Trim()}");
        await HostCommand.RunCheckedAsync(["vgchange", "-aly", Vg(def)]).ConfigureAwait(false);
    }

    public override Task StopAsync(StoragePoolDefinition def) => HostCommand.RunCheckedAsync(["vgchange", "-aln", Vg(def)]);

    public override async Task DeleteAsync(StoragePoolDefinition def, uint flags)
    {
        StorageErrors.CheckFlags(flags, 0, "virStorageBackendLogicalDeletePool");
        await HostCommand.RunCheckedAsync(["vgremove", "-f", Vg(def)]).ConfigureAwait(false);
        foreach (var dev in def.Source.Devices)
            await HostCommand.RunCheckedAsync(["pvremove", dev]).ConfigureAwait(false);
    }

    /// <summary>vgs for the sizes (capacity = vg_size, available = vg_free), lvs for the volumes.</summary>
    public override async Task<(PoolUsage Usage, StoragePermissions? TargetPermissions, List<Volume> Volumes)> RefreshAsync(StoragePoolDefinition def)
    {
        var vgs = await HostCommand.RunCheckedAsync(["vgs", "--noheadings", "--units", "b", "--nosuffix", "--separator", ":", "-o", "vg_size,vg_free", Vg(def)]).ConfigureAwait(false);
        var f = vgs.Trim().Split(':');
        if (f.Length < 2)
            throw StorageErrors.Internal($"cannot parse vgs output '{vgs.Trim()}'");
        ulong size = ulong.Parse(f[0].Trim(), CultureInfo.InvariantCulture), free = ulong.Parse(f[1].Trim(), CultureInfo.InvariantCulture);
        var volumes = await ListVolumesAsync(def, null).ConfigureAwait(false);
        return (new PoolUsage(size, size - free, free), null, volumes);
    }

    private static async Task<List<Volume>> ListVolumesAsync(StoragePoolDefinition def, string? only)
    {
        var target = only is null ? Vg(def) : Vg(def) + "/" + only;
        var lvs = await HostCommand.RunCheckedAsync(["lvs", "--noheadings", "--units", "b", "--nosuffix", "--separator", "#", "-o", "lv_name,uuid,lv_size,origin", target]).ConfigureAwait(false);
        var list = new List<Volume>();
        foreach (var line in lvs.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var c = line.Split('#');
            if (c.Length < 4)
                continue;
            var path = $"/dev/{Vg(def)}/{c[0]}";
            ulong bytes = ulong.Parse(c[2], CultureInfo.InvariantCulture);
            var st = FileStatus.Get(path);
            var vol = new StorageVolumeDefinition
            {
                Type = "block", Name = c[0], Key = c[1], TargetPath = path, CapacityBytes = bytes, AllocationBytes = bytes,
                TargetPermissions = st is null ? null : Volume.PermissionsOf(st),
            };
            if (c[3].Length > 0)
                vol.BackingStorePath = $"/dev/{Vg(def)}/{c[3]}";
            list.Add(new Volume(vol) { Physical = bytes, Status = st });
        }
        return list;
    }

    public override void CompleteVolume(StoragePoolDefinition pool, StorageVolumeDefinition vol)
    {
        vol.Type = "block";
        vol.AllocationBytes ??= vol.CapacityBytes;
        vol.TargetPath = $"{pool.TargetPath}/{vol.Name}";
        vol.Key = null; // the LV's UUID, known once lvcreate made it
        if (vol.TargetFormat is not null)
            throw StorageErrors.Unsupported($"logical volumes have no format (got '{vol.TargetFormat}')");
    }

    /// <summary>lvcreate --name NAME -L SIZEK [-s ORIGIN] VG (sizes rounded up to KiB, as libvirt passes them).</summary>
    public override async Task CreateVolumeAsync(StoragePoolDefinition pool, StorageVolumeDefinition vol, uint flags)
    {
        StorageErrors.CheckFlags(flags, 0, "virStorageBackendLogicalCreateVol");
        var argv = new List<string> { "lvcreate", "--yes", "--name", vol.Name, "-L", (vol.CapacityBytes + 1023) / 1024 + "K" };
        if (vol.BackingStorePath is { } origin)
            argv.AddRange(["-s", origin]);
        argv.Add(Vg(pool));
        await HostCommand.RunCheckedAsync(argv).ConfigureAwait(false);
    }

    public override Task CreateVolumeFromAsync(StoragePoolDefinition pool, StorageVolumeDefinition vol, Volume source, uint flags) =>
        throw StorageErrors.Unsupported("cloning into a logical volume is not supported yet; create the volume and copy onto its device");

    public override Task DeleteVolumeAsync(StoragePoolDefinition pool, Volume vol, uint flags) =>
        HostCommand.RunCheckedAsync(["lvremove", "-f", $"{Vg(pool)}/{vol.Name}"]);

    public override async Task<Volume> RefreshVolumeAsync(StoragePoolDefinition pool, Volume vol)
    {
        var list = await ListVolumesAsync(pool, vol.Name).ConfigureAwait(false);
        return list.FirstOrDefault() ?? throw StorageErrors.NoVol($"no storage vol with matching name '{vol.Name}'");
    }

    /// <summary>libvirt's logical backend cannot resize volumes; neither do we.</summary>
    public override Task ResizeVolumeAsync(StoragePoolDefinition pool, Volume vol, ulong capacity, uint flags) =>
        throw new LibvirtException(ErrorCode.NoSupport, ErrorDomain.Storage,
            "this function is not supported by the connection driver: storage pool does not support changing of volume capacity");
}
