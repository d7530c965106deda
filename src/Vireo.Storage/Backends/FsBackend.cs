using Vireo.Model.Storage;
using Vireo.Protocol.Errors;
using Vireo.Storage.Host;
using Vireo.Storage.Volumes;

namespace Vireo.Storage.Backends;

/// <summary>
/// A file system on a block device (or loop device) that the pool mounts on its target (type fs): pool-start runs
/// mount(8), pool-destroy umount(8); pool-build makes the directory and, with --overwrite or --no-overwrite,
/// the file system (mkfs -t FORMAT), as libvirt does.
/// </summary>
internal class FsBackend : DirBackend
{
    public override string Type => "fs";

    public override void Complete(StoragePoolDefinition def)
    {
        base.Complete(def);
        if (def.Source.Devices.Count == 0)
            throw new LibvirtException(ErrorCode.XmlError, ErrorDomain.Storage, "XML error: missing source device");
    }

    public override async Task BuildAsync(StoragePoolDefinition def, uint flags)
    {
        await base.BuildAsync(def, flags).ConfigureAwait(false);
        if ((flags & (VolumeFlags.PoolBuildOverwrite | VolumeFlags.PoolBuildNoOverwrite)) != 0)
            await MakeFileSystemAsync(def, flags).ConfigureAwait(false);
    }

    /// <summary>mkfs -t FORMAT DEVICE; with --no-overwrite only on a device that holds no file system yet.</summary>
    private static async Task MakeFileSystemAsync(StoragePoolDefinition def, uint flags)
    {
        var device = def.Source.Devices[0];
        var format = def.Source.Format ?? "auto";
        if (format == "auto")
            throw StorageErrors.Unsupported("No source format type specified: pool-build needs one (ext4, xfs, ...) to make a file system");
        if ((flags & VolumeFlags.PoolBuildNoOverwrite) != 0)
        {
            var probe = await HostCommand.RunAsync(["blkid", "-p", "-o", "value", "-s", "TYPE", device]).ConfigureAwait(false);
            var existing = probe.Stdout.Trim();
            if (existing.Length > 0)
                throw StorageErrors.Failed(existing == format
                    ? $"Device '{device}' is formatted already"
                    : $"Format of device '{device}' does not match the expected format '{format}', forced overwrite is necessary");
        }
        var argv = new List<string> { "mkfs", "-t", format };
        if (format.StartsWith("ext", StringComparison.Ordinal))
            argv.Add("-F"); // mke2fs asks before writing onto a file or a device that has a file system
        else if (format is "xfs" or "btrfs")
            argv.Add("-f");
        argv.Add(device);
        await HostCommand.RunCheckedAsync(argv).ConfigureAwait(false);
    }

    public override async Task StartAsync(StoragePoolDefinition def)
    {
        CheckTargetDirectory(def);
        if (Mounts.IsMountPoint(def.TargetPath!))
            return;
        await HostCommand.RunCheckedAsync(MountArgs(def)).ConfigureAwait(false);
    }

    public override async Task StopAsync(StoragePoolDefinition def)
    {
        if (Mounts.IsMountPoint(def.TargetPath!))
            await HostCommand.RunCheckedAsync(["umount", def.TargetPath!]).ConfigureAwait(false);
    }

    /// <summary>The mount(8) argument vector: mount [-t FORMAT] SOURCE TARGET.</summary>
    internal virtual IReadOnlyList<string> MountArgs(StoragePoolDefinition def)
    {
        var argv = new List<string> { "mount" };
        if (def.Source.Format is { } f and not "auto")
            argv.AddRange(["-t", f]);
        argv.Add(def.Source.Devices[0]);
        argv.Add(def.TargetPath!);
        return argv;
    }
}

/// <summary>
/// A directory exported by a file server, mounted on the target (type netfs): NFS by default
/// (mount -t nfs HOST:DIR TARGET), glusterfs and cifs as libvirt names them. Build makes only the directory.
/// </summary>
internal sealed class NetfsBackend : FsBackend
{
    public override string Type => "netfs";

    public override void Complete(StoragePoolDefinition def)
    {
        def.TargetPath = NormalizeTarget(def.TargetPath);
        if (def.Source.Hosts.Count == 0)
            throw new LibvirtException(ErrorCode.XmlError, ErrorDomain.Storage, "XML error: missing source host");
        if (def.Source.Dir is null)
            throw new LibvirtException(ErrorCode.XmlError, ErrorDomain.Storage, "XML error: missing source path");
    }

    public override Task BuildAsync(StoragePoolDefinition def, uint flags)
    {
        StorageErrors.CheckFlags(flags, VolumeFlags.PoolBuildOverwrite | VolumeFlags.PoolBuildNoOverwrite, "virStorageBackendFileSystemBuild");
        BuildTarget(def);
        return Task.CompletedTask;
    }

    /// <summary>mount -o nodev,nosuid,noexec [-t FORMAT] SOURCE TARGET, the source spelled per protocol.</summary>
    internal override IReadOnlyList<string> MountArgs(StoragePoolDefinition def)
    {
        var host = def.Source.Hosts[0].Name;
        var dir = def.Source.Dir!;
        var format = def.Source.Format ?? "auto";
        var source = format switch
        {
            "cifs" => $"//{host}/{dir.TrimStart('/')}",
            "glusterfs" => $"{host}:{dir.TrimStart('/')}",
            _ => $"{host}:{dir}",
        };
        var argv = new List<string> { "mount", "-o", "nodev,nosuid,noexec" };
        argv.AddRange(["-t", format == "auto" ? "nfs" : format]);
        argv.Add(source);
        argv.Add(def.TargetPath!);
        return argv;
    }
}
