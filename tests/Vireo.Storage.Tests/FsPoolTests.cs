using Vireo.Drivers.Storage;
using Vireo.Protocol.Errors;
using Vireo.Storage.Backends;
using Vireo.Model.Storage;

namespace Vireo.Storage.Tests;

/// <summary>fs pools on a real loop device (mkfs, mount, umount) and the netfs mount command line.</summary>
public sealed class FsPoolTests : IDisposable
{
    private readonly StorageTestBed _bed = new();
    private LoopDevice? _loop;

    public void Dispose()
    {
        var target = _bed.PoolDir("fs1");
        if (File.ReadAllText("/proc/self/mounts").Contains(" " + target + " ", StringComparison.Ordinal))
            StorageTestBed.Run("umount", target);
        _loop?.Dispose();
        _bed.Dispose();
    }

    [LoopFact]
    public async Task BuildMakesTheFileSystemStartMountsItAndVolumesLiveOnIt()
    {
        _loop = new LoopDevice(_bed.Root, 64 << 20);
        var d = _bed.Driver;
        var target = _bed.PoolDir("fs1");
        var pool = await d.DefinePoolXmlAsync($"<pool type='fs'><name>fs1</name><source><device path='{_loop.Device}'/><format type='ext4'/></source><target><path>{target}</path></target></pool>", 0);

        await d.BuildPoolAsync(pool, 0); // without a flag: only the directory, as libvirt does
        Assert.True(Directory.Exists(target));
        Assert.Equal("", StorageTestBed.Run("blkid", "-p", "-o", "value", "-s", "TYPE", _loop.Device).Output.Trim());
        await d.BuildPoolAsync(pool, 4 /* NO_OVERWRITE */);
        Assert.Equal("ext4", StorageTestBed.Run("blkid", "-p", "-o", "value", "-s", "TYPE", _loop.Device).Output.Trim());
        var again = await Assert.ThrowsAsync<LibvirtException>(() => d.BuildPoolAsync(pool, 4));
        Assert.Equal($"operation failed: Device '{_loop.Device}' is formatted already", again.Message);

        await d.CreatePoolAsync(pool, 0);
        Assert.Contains($"{_loop.Device} {target} ext4", File.ReadAllText("/proc/self/mounts"));
        var info = await d.GetPoolInfoAsync(pool);
        Assert.Equal((ulong)new DriveInfo(target).TotalSize, info.Capacity);
        Assert.InRange(info.Capacity, 40UL << 20, 64UL << 20);

        var vol = await d.CreateVolXmlAsync(pool, StorageTestBed.VolXml("disk.qcow2", 1 << 30, "qcow2"), 0);
        Assert.Equal(0, StorageTestBed.Run("qemu-img", "check", vol.Key).Code);

        await d.DestroyPoolAsync(pool);
        Assert.DoesNotContain(" " + target + " ", File.ReadAllText("/proc/self/mounts"));
        Assert.False(File.Exists(vol.Key)); // it lives on the unmounted file system

        await d.CreatePoolAsync(pool, 0);
        Assert.Equal(["disk.qcow2"], (await d.ListAllVolumesAsync(pool, 0)).Select(v => v.Name));
        await d.DestroyPoolAsync(pool);
        await d.DeletePoolAsync(pool, 0);
        await d.UndefinePoolAsync(pool);
        Assert.False(Directory.Exists(target));
    }

    [Fact]
    public async Task FsPoolWithoutASourceDeviceIsRefused()
    {
        var ex = await Assert.ThrowsAsync<LibvirtException>(() =>
            _bed.Driver.DefinePoolXmlAsync($"<pool type='fs'><name>f</name><target><path>{_bed.PoolDir("f")}</path></target></pool>", 0));
        Assert.Equal("XML error: missing source device", ex.Message);
    }

    /// <summary>
    /// This kernel has no NFS (neither nfs nor nfsd in /proc/filesystems), so a netfs pool can only be checked up
    /// to the mount(8) command it runs and the clear error when nothing serves the export.
    /// </summary>
    [Fact]
    public async Task NetfsMountsHostColonDirWithNfsAndFailsCleanlyWithoutAServer()
    {
        var def = StoragePoolDefinition.Parse($"<pool type='netfs'><name>n</name><source><host name='127.0.0.1'/><dir path='/export/vms'/></source><target><path>{_bed.PoolDir("n")}</path></target></pool>");
        var backend = new NetfsBackend();
        backend.Complete(def);
        Assert.Equal(["mount", "-o", "nodev,nosuid,noexec", "-t", "nfs", "127.0.0.1:/export/vms", _bed.PoolDir("n")], backend.MountArgs(def));
        def.Source.Format = "cifs";
        Assert.Equal("//127.0.0.1/export/vms", backend.MountArgs(def)[^2]);

        var d = _bed.Driver;
        var pool = await d.DefinePoolXmlAsync($"<pool type='netfs'><name>n</name><source><host name='127.0.0.1'/><dir path='/export/vms'/></source><target><path>{_bed.PoolDir("n")}</path></target></pool>", 0);
        await d.BuildPoolAsync(pool, 0);
        var ex = await Assert.ThrowsAsync<LibvirtException>(() => d.CreatePoolAsync(pool, 0));
        Assert.StartsWith("internal error: Child process (", ex.Message);
        Assert.False(await d.IsPoolActiveAsync(pool));
        Assert.DoesNotContain(" " + _bed.PoolDir("n") + " ", File.ReadAllText("/proc/self/mounts"));
    }
}
