using Vireo.Protocol.Errors;

namespace Vireo.Storage.Tests;

/// <summary>
/// logical pools with the real lvm2 tools on a loop device, under a volume group name unique to the test and
/// always removed. Logical volumes need the kernel's device-mapper; where it is missing (as in some containers)
/// the test checks that vol-create fails with lvcreate's own explanation and creates nothing.
/// </summary>
public sealed class LogicalPoolTests : IDisposable
{
    private readonly StorageTestBed _bed = new();
    private readonly string _vg = "vireo_t" + Guid.NewGuid().ToString("N")[..8];
    private LoopDevice? _loop;

    public void Dispose()
    {
        StorageTestBed.Run("vgremove", "-f", _vg);
        if (_loop is not null)
        {
            StorageTestBed.Run("pvremove", "-ff", "-y", _loop.Device);
            _loop.Dispose();
        }
        _bed.Dispose();
    }

    [LoopFact]
    public async Task BuildStartInfoVolumesDestroyDelete()
    {
        _loop = new LoopDevice(_bed.Root, 64 << 20);
        var d = _bed.Driver;
        var pool = await d.DefinePoolXmlAsync($"<pool type='logical'><name>lv1</name><source><device path='{_loop.Device}'/><name>{_vg}</name></source></pool>", 0);
        var xml = await d.GetPoolXmlDescAsync(pool, 0);
        Assert.Contains($"<path>/dev/{_vg}</path>", xml);
        Assert.Contains("<format type='lvm2'/>", xml);

        await d.BuildPoolAsync(pool, 0);
        Assert.Equal(0, StorageTestBed.Run("vgs", _vg).Code);
        await d.CreatePoolAsync(pool, 0);
        var info = await d.GetPoolInfoAsync(pool);
        var vgs = StorageTestBed.Run("vgs", "--noheadings", "--units", "b", "--nosuffix", "-o", "vg_size,vg_free", _vg).Output.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal((2, ulong.Parse(vgs[0]), ulong.Parse(vgs[1])), (info.State, info.Capacity, info.Available));
        Assert.Equal(info.Capacity - info.Available, info.Allocation);

        // the control node may exist (libdevmapper makes it) without the kernel driver behind it
        if (File.ReadAllText("/proc/misc").Contains("device-mapper", StringComparison.Ordinal))
        {
            var vol = await d.CreateVolXmlAsync(pool, StorageTestBed.VolXml("lv0", 8 << 20), 0);
            Assert.Equal($"/dev/{_vg}/lv0", vol.Name == "lv0" ? await d.GetVolPathAsync(vol) : "");
            Assert.Equal(8UL << 20, (await d.GetVolInfoAsync(vol, 0)).Capacity);
            Assert.Equal(1, (await d.GetVolInfoAsync(vol, 0)).Type);
            await d.DeleteVolAsync(vol, 0);
            Assert.NotEqual(0, StorageTestBed.Run("lvs", $"{_vg}/lv0").Code);
        }
        else
        {
            var ex = await Assert.ThrowsAsync<LibvirtException>(() => d.CreateVolXmlAsync(pool, StorageTestBed.VolXml("lv0", 8 << 20), 0));
            Assert.Contains("lvcreate", ex.Message);
            Assert.Contains("device-mapper", ex.Message);
            Assert.Empty(await d.ListAllVolumesAsync(pool, 0));
        }

        await d.DestroyPoolAsync(pool);
        await d.DeletePoolAsync(pool, 0);
        Assert.NotEqual(0, StorageTestBed.Run("vgs", _vg).Code);
        Assert.DoesNotContain("LVM2_member", StorageTestBed.Run("blkid", "-p", _loop.Device).Output);
        await d.UndefinePoolAsync(pool);
    }
}
