using Vireo.Drivers.Storage;
using Vireo.Images;
using Vireo.Protocol.Errors;

namespace Vireo.Storage.Tests;

/// <summary>Volumes of a dir pool on real files: made and read back through Vireo.Images, checked by the real qemu-img.</summary>
public sealed class VolumeTests : IDisposable
{
    private const ulong MiB = 1 << 20;
    private readonly StorageTestBed _bed = new();

    public void Dispose() => _bed.Dispose();

    private StorageDriver D => _bed.Driver;

    [Fact]
    public async Task RawVolumesAreSparsePreallocatedOrPartlyAllocatedAsTheAllocationSays()
    {
        var pool = await _bed.StartDirPoolAsync("p1");
        var full = await D.CreateVolXmlAsync(pool, StorageTestBed.VolXml("full.img", 8 * MiB), 0);
        var sparse = await D.CreateVolXmlAsync(pool, StorageTestBed.VolXml("sparse.img", 8 * MiB, allocation: 0), 0);
        var part = await D.CreateVolXmlAsync(pool, StorageTestBed.VolXml("part.img", 8 * MiB, allocation: 2 * MiB), 0);
        Assert.Equal(new StorageVolInfo(0, 8 * MiB, 8 * MiB), await D.GetVolInfoAsync(full, 0));
        Assert.Equal(new StorageVolInfo(0, 8 * MiB, 0), await D.GetVolInfoAsync(sparse, 0));
        Assert.Equal(new StorageVolInfo(0, 8 * MiB, 2 * MiB), await D.GetVolInfoAsync(part, 0));
        var path = Path.Combine(_bed.PoolDir("p1"), "sparse.img");
        Assert.Equal((long)(8 * MiB), new FileInfo(path).Length);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        Assert.Equal(path, full.Key.Replace("full.img", "sparse.img"));
    }

    [Fact]
    public async Task Qcow2VolumesPassQemuImgCheckAndDumpxmlShowsFormatSizesAndPhysical()
    {
        var pool = await _bed.StartDirPoolAsync("p1");
        var plain = await D.CreateVolXmlAsync(pool, StorageTestBed.VolXml("a.qcow2", 64 * MiB, "qcow2"), 0);
        var meta = await D.CreateVolXmlAsync(pool, StorageTestBed.VolXml("m.qcow2", 64 * MiB, "qcow2"), 1 /* PREALLOC_METADATA */);
        var v010 = await D.CreateVolXmlAsync(pool, "<volume><name>old.qcow2</name><capacity unit='M'>16</capacity><target><format type='qcow2'/><compat>0.10</compat></target></volume>", 0);
        foreach (var v in new[] { plain, meta, v010 })
        {
            var (code, output) = StorageTestBed.Run("qemu-img", "check", v.Key);
            Assert.True(code == 0, output);
        }
        Assert.Contains("compat: 0.10", StorageTestBed.Run("qemu-img", "info", v010.Key).Output);
        var plainInfo = await D.GetVolInfoAsync(plain, 0);
        var metaInfo = await D.GetVolInfoAsync(meta, 0);
        Assert.Equal(64 * MiB, plainInfo.Capacity);
        Assert.True(metaInfo.Allocation > plainInfo.Allocation, $"metadata preallocation allocates L2 tables: {metaInfo.Allocation} vs {plainInfo.Allocation}");
        var physical = await D.GetVolInfoAsync(plain, 1 /* GET_PHYSICAL */);
        Assert.Equal((ulong)new FileInfo(plain.Key).Length, physical.Allocation);
        var xml = await D.GetVolXmlDescAsync(plain, 0);
        Assert.Contains($"<physical unit='bytes'>{physical.Allocation}</physical>", xml);
        Assert.Contains("<format type='qcow2'/>", xml);
        Assert.Contains("<timestamps>", xml);
    }

    [Fact]
    public async Task BadVolumeRequestsGiveLibvirtErrorsAndCreateNothing()
    {
        var pool = await _bed.StartDirPoolAsync("p1");
        await D.CreateVolXmlAsync(pool, StorageTestBed.VolXml("a.img", MiB), 0);
        var dup = await Assert.ThrowsAsync<LibvirtException>(() => D.CreateVolXmlAsync(pool, StorageTestBed.VolXml("a.img", 2 * MiB), 0));
        Assert.Equal((ErrorCode.StorageVolExist, "storage volume 'a.img' exists already"), (dup.Code, dup.Message));
        Assert.Equal((long)MiB, new FileInfo(Path.Combine(_bed.PoolDir("p1"), "a.img")).Length);

        var escape = await Assert.ThrowsAsync<LibvirtException>(() => D.CreateVolXmlAsync(pool, StorageTestBed.VolXml("../x", MiB), 0));
        Assert.Equal("Requested operation is not valid: volume name '../x' cannot contain '/'", escape.Message);
        await Assert.ThrowsAsync<LibvirtException>(() => D.CreateVolXmlAsync(pool, StorageTestBed.VolXml("..", MiB), 0));
        var vmdk = await Assert.ThrowsAsync<LibvirtException>(() => D.CreateVolXmlAsync(pool, StorageTestBed.VolXml("v.vmdk", MiB, "vmdk"), 0));
        Assert.Equal(ErrorCode.ConfigUnsupported, vmdk.Code);
        var rawBacking = await Assert.ThrowsAsync<LibvirtException>(() => D.CreateVolXmlAsync(pool, StorageTestBed.VolXml("r.img", MiB, "raw", backing: Path.Combine(_bed.PoolDir("p1"), "a.img")), 0));
        Assert.Contains("backing storage not supported for raw volumes", rawBacking.Message);
        var unknownBacking = await Assert.ThrowsAsync<LibvirtException>(() => D.CreateVolXmlAsync(pool, StorageTestBed.VolXml("o.qcow2", MiB, "qcow2", backing: "/nonexistent/base.img"), 0));
        Assert.Contains("format of backing store '/nonexistent/base.img' must be given", unknownBacking.Message);
        Assert.Equal(["a.img"], Directory.GetFiles(_bed.PoolDir("p1")).Select(Path.GetFileName));
        Assert.False(File.Exists(Path.Combine(_bed.Root, "pools", "x")));

        await D.DestroyPoolAsync(pool);
        var inactive = await Assert.ThrowsAsync<LibvirtException>(() => D.CreateVolXmlAsync(pool, StorageTestBed.VolXml("b.img", MiB), 0));
        Assert.Equal("Requested operation is not valid: storage pool 'p1' is not active", inactive.Message);
    }

    [Fact]
    public async Task CloneCopiesTheDataThroughTheChainAndOverlayCloneKeepsABackingStore()
    {
        var pool = await _bed.StartDirPoolAsync("p1");
        var dir = _bed.PoolDir("p1");
        var baseVol = await D.CreateVolXmlAsync(pool, StorageTestBed.VolXml("base.qcow2", 16 * MiB, "qcow2"), 0);
        var pattern = Enumerable.Range(0, 65536).Select(i => (byte)(i * 7)).ToArray();
        await using (var img = Image.Open(baseVol.Key, new ImageOpenOptions { Writable = true }))
        {
            await img.WriteAsync(5 * (long)MiB, pattern);
            await img.FlushAsync();
        }
        var overlay = await D.CreateVolXmlAsync(pool, StorageTestBed.VolXml("top.qcow2", 16 * MiB, "qcow2", backing: baseVol.Key), 0);
        Assert.Contains("backing file format: qcow2", StorageTestBed.Run("qemu-img", "info", overlay.Key).Output);

        // full copies to raw and to qcow2, from the overlay: the data comes through the backing chain
        var rawCopy = await D.CreateVolXmlFromAsync(pool, StorageTestBed.VolXml("copy.img", 16 * MiB, "raw", allocation: 0), overlay, 0);
        var qcowCopy = await D.CreateVolXmlFromAsync(pool, StorageTestBed.VolXml("copy.qcow2", 16 * MiB, "qcow2"), overlay, 0);
        var cmp = StorageTestBed.Run("qemu-img", "compare", "-f", "qcow2", "-F", "raw", overlay.Key, rawCopy.Key);
        Assert.True(cmp.Code == 0, cmp.Output);
        cmp = StorageTestBed.Run("qemu-img", "compare", qcowCopy.Key, rawCopy.Key);
        Assert.True(cmp.Code == 0, cmp.Output);
        Assert.True(StorageTestBed.Run("qemu-img", "check", qcowCopy.Key).Code == 0);
        Assert.DoesNotContain("<backingStore>", await D.GetVolXmlDescAsync(qcowCopy, 0));
        Assert.True((await D.GetVolInfoAsync(rawCopy, 0)).Allocation < 2 * MiB, "holes stay holes in the copy");

        // a clone whose XML names a backing store is an overlay on it
        var linked = await D.CreateVolXmlFromAsync(pool, StorageTestBed.VolXml("linked.qcow2", 16 * MiB, "qcow2", backing: baseVol.Key, backingFormat: "qcow2"), baseVol, 0);
        Assert.Contains($"<path>{dir}/base.qcow2</path>", await D.GetVolXmlDescAsync(linked, 0));

        var exists = await Assert.ThrowsAsync<LibvirtException>(() => D.CreateVolXmlFromAsync(pool, StorageTestBed.VolXml("copy.img", MiB), overlay, 0));
        Assert.Equal(ErrorCode.StorageVolExist, exists.Code);
    }

    [Fact]
    public async Task ResizeGrowsAndShrinksOnlyWhenAskedAndNeverBelowTheAllocation()
    {
        var pool = await _bed.StartDirPoolAsync("p1");
        var raw = await D.CreateVolXmlAsync(pool, StorageTestBed.VolXml("r.img", 4 * MiB, allocation: 0), 0);
        var q = await D.CreateVolXmlAsync(pool, StorageTestBed.VolXml("q.qcow2", 4 * MiB, "qcow2"), 0);
        await D.ResizeVolAsync(raw, 8 * MiB, 0);
        await D.ResizeVolAsync(q, 2 * MiB, 1 /* DELTA */);
        Assert.Equal(8 * MiB, (await D.GetVolInfoAsync(raw, 0)).Capacity);
        Assert.Equal(6 * MiB, (await D.GetVolInfoAsync(q, 0)).Capacity);
        Assert.Contains("virtual size: 6 MiB", StorageTestBed.Run("qemu-img", "info", q.Key).Output);
        Assert.True(StorageTestBed.Run("qemu-img", "check", q.Key).Code == 0);

        var noShrink = await Assert.ThrowsAsync<LibvirtException>(() => D.ResizeVolAsync(raw, 2 * MiB, 0));
        Assert.Equal("invalid argument: Can't shrink capacity below current capacity unless shrink flag explicitly specified", noShrink.Message);
        await D.ResizeVolAsync(raw, 2 * MiB, 4 /* SHRINK */);
        Assert.Equal(2 * MiB, (await D.GetVolInfoAsync(raw, 0)).Capacity);

        await D.ResizeVolAsync(raw, 4 * MiB, 2 /* ALLOCATE */);
        Assert.True((await D.GetVolInfoAsync(raw, 0)).Allocation >= 2 * MiB);
        var belowAllocation = await Assert.ThrowsAsync<LibvirtException>(() => D.ResizeVolAsync(raw, MiB, 4));
        Assert.Equal("invalid argument: can't shrink capacity below existing allocation", belowAllocation.Message);
        var qcowAllocate = await Assert.ThrowsAsync<LibvirtException>(() => D.ResizeVolAsync(q, 8 * MiB, 2));
        Assert.Equal(ErrorCode.ConfigUnsupported, qcowAllocate.Code);
    }

    [Fact]
    public async Task WipeZeroesDeleteRemovesAndLookupsFindByKeyPathAndName()
    {
        var pool = await _bed.StartDirPoolAsync("p1");
        var vol = await D.CreateVolXmlAsync(pool, StorageTestBed.VolXml("w.img", MiB), 0);
        await File.WriteAllBytesAsync(vol.Key, Enumerable.Repeat((byte)0xAB, (int)MiB).ToArray());
        await D.WipeVolAsync(vol, 0, 0);
        Assert.All(await File.ReadAllBytesAsync(vol.Key), b => Assert.Equal(0, b));
        Assert.Equal(MiB, (await D.GetVolInfoAsync(vol, 0)).Allocation);
        var trim = await Assert.ThrowsAsync<LibvirtException>(() => D.WipeVolAsync(vol, 9, 0));
        Assert.Contains("'trim' algorithm not supported", trim.Message);

        Assert.Equal(vol, await D.LookupVolByKeyAsync(vol.Key));
        Assert.Equal(vol, await D.LookupVolByPathAsync(vol.Key.Replace("/w.img", "/./w.img")));
        Assert.Equal(vol.Key, await D.GetVolPathAsync(vol));
        Assert.Equal(pool, await D.LookupPoolByVolumeAsync(vol));

        await D.DeleteVolAsync(vol, 0);
        Assert.False(File.Exists(vol.Key));
        var gone = await Assert.ThrowsAsync<LibvirtException>(() => D.LookupVolByPathAsync(vol.Key));
        Assert.Equal($"Storage volume not found: no storage vol with matching path '{vol.Key}'", gone.Message);
        var byName = await Assert.ThrowsAsync<LibvirtException>(() => D.LookupVolByNameAsync(pool, "w.img"));
        Assert.Equal("Storage volume not found: no storage vol with matching name 'w.img'", byName.Message);
    }

    [Fact]
    public async Task UploadWritesTheVolumeFileAndDownloadReadsItBack()
    {
        var pool = await _bed.StartDirPoolAsync("p1");
        var vol = await D.CreateVolXmlAsync(pool, StorageTestBed.VolXml("u.img", MiB, allocation: 0), 0);
        var data = Enumerable.Range(0, 300_000).Select(i => (byte)(i % 251)).ToArray();
        await using (var up = await D.OpenVolumeForUploadAsync(vol, 4096, (ulong)data.Length, 0))
            await up.WriteAsync(data);
        Assert.True((await D.GetVolInfoAsync(vol, 0)).Allocation >= (ulong)data.Length);

        await using var down = await D.OpenVolumeForDownloadAsync(vol, 4096, (ulong)data.Length, 0);
        var back = new MemoryStream();
        await down.CopyToAsync(back);
        Assert.Equal(data, back.ToArray());

        await using var tail = await D.OpenVolumeForDownloadAsync(vol, MiB - 10, 0, 0);
        var rest = new MemoryStream();
        await tail.CopyToAsync(rest);
        Assert.Equal(10, rest.Length);

        await using var limited = await D.OpenVolumeForUploadAsync(vol, 0, 10, 0);
        await Assert.ThrowsAsync<IOException>(async () => await limited.WriteAsync(new byte[11]));
    }
}
