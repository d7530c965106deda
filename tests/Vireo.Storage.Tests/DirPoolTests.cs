using Vireo.Drivers.Events;
using Vireo.Drivers.Storage;
using Vireo.Images;
using Vireo.Protocol.Errors;

namespace Vireo.Storage.Tests;

/// <summary>The dir pool end to end on real files: pool lifecycle, sizes from statvfs, configs and autostart on disk.</summary>
public sealed class DirPoolTests : IDisposable
{
    private readonly StorageTestBed _bed = new();

    public void Dispose() => _bed.Dispose();

    [Fact]
    public async Task FirstStartMakesTheDefaultPoolAtLibImagesRunningAndAutostarted()
    {
        var d = _bed.Driver;
        var pool = await d.LookupPoolByNameAsync("default");
        Assert.True(await d.IsPoolActiveAsync(pool));
        Assert.True(await d.GetPoolAutostartAsync(pool));
        Assert.True(Directory.Exists(_bed.Paths.DefaultPoolPath));
        Assert.Contains($"<path>{_bed.Paths.DefaultPoolPath}</path>", await d.GetPoolXmlDescAsync(pool, 0));
        Assert.True(File.Exists(_bed.Paths.ConfigFile("default")));

        // undefined once, it stays undefined: only the very first start makes it
        await d.DestroyPoolAsync(pool);
        await d.UndefinePoolAsync(pool);
        var again = _bed.Restart();
        var ex = await Assert.ThrowsAsync<LibvirtException>(() => again.LookupPoolByNameAsync("default"));
        Assert.Equal(ErrorCode.NoStoragePool, ex.Code);
    }

    [Fact]
    public async Task DefineBuildStartInfoDestroyUndefine()
    {
        var d = _bed.Driver;
        var events = new List<DriverEvent>();
        using var sub = _bed.Events.Subscribe(events.Add);
        var dir = _bed.PoolDir("p1");
        var pool = await d.DefinePoolXmlAsync($"<pool type='dir'><name>p1</name><target><path>{dir}//</path></target></pool>", 0);
        Assert.Contains($"<path>{dir}</path>", await d.GetPoolXmlDescAsync(pool, 0)); // sanitized like virFileSanitizePath
        Assert.True(File.Exists(_bed.Paths.ConfigFile("p1")));
        Assert.Equal(new StoragePoolInfo(0, 0, 0, 0), await d.GetPoolInfoAsync(pool));

        // starting before pool-build: the directory does not exist, nothing is created
        var ex = await Assert.ThrowsAsync<LibvirtException>(() => d.CreatePoolAsync(pool, 0));
        Assert.Equal($"cannot open directory '{dir}': No such file or directory", ex.Message);
        Assert.False(Directory.Exists(dir));
        Assert.False(await d.IsPoolActiveAsync(pool));

        await d.BuildPoolAsync(pool, 0);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute,
            File.GetUnixFileMode(dir)); // 0711
        await d.CreatePoolAsync(pool, 0);
        var info = await d.GetPoolInfoAsync(pool);
        var drive = new DriveInfo(dir);
        Assert.Equal(2, info.State);
        Assert.Equal((ulong)drive.TotalSize, info.Capacity);
        Assert.Equal(info.Capacity, info.Allocation + info.Available);
        var xml = await d.GetPoolXmlDescAsync(pool, 0);
        Assert.Contains("<mode>0711</mode>", xml);
        Assert.Contains($"<capacity unit='bytes'>{info.Capacity}</capacity>", xml);
        Assert.True(File.Exists(_bed.Paths.StateFile("p1")));

        await d.SetPoolAutostartAsync(pool, true);
        Assert.Equal(_bed.Paths.ConfigFile("p1"), new FileInfo(_bed.Paths.AutostartLink("p1")).LinkTarget);
        var still = await Assert.ThrowsAsync<LibvirtException>(() => d.UndefinePoolAsync(pool));
        Assert.Equal("Requested operation is not valid: storage pool 'p1' is still active", still.Message);

        await d.DestroyPoolAsync(pool);
        Assert.False(File.Exists(_bed.Paths.StateFile("p1")));
        await d.DeletePoolAsync(pool, 0);
        Assert.False(Directory.Exists(dir));
        await d.UndefinePoolAsync(pool);
        Assert.False(File.Exists(_bed.Paths.ConfigFile("p1")));
        Assert.False(File.Exists(_bed.Paths.AutostartLink("p1")));
        Assert.Equal([0, 4, 2, 3, 5, 1], events.OfType<StoragePoolLifecycleEvent>().Where(e => e.Pool.Name == "p1").Select(e => e.Event));
    }

    [Fact]
    public async Task BadPoolDefinitionsAreRefusedAndNothingIsWritten()
    {
        var d = _bed.Driver;
        await d.DefinePoolXmlAsync($"<pool type='dir'><name>p1</name><target><path>{_bed.PoolDir("p1")}</path></target></pool>", 0);
        var dup = await Assert.ThrowsAsync<LibvirtException>(() => d.DefinePoolXmlAsync($"<pool type='dir'><name>p1</name><target><path>{_bed.PoolDir("x")}</path></target></pool>", 0));
        Assert.StartsWith("operation failed: pool 'p1' already exists with uuid ", dup.Message);
        var conflict = await Assert.ThrowsAsync<LibvirtException>(() => d.DefinePoolXmlAsync($"<pool type='dir'><name>p2</name><target><path>{_bed.PoolDir("p1")}</path></target></pool>", 0));
        Assert.Equal("operation failed: Storage source conflict with pool: 'p1'", conflict.Message);
        var relative = await Assert.ThrowsAsync<LibvirtException>(() => d.DefinePoolXmlAsync("<pool type='dir'><name>p3</name><target><path>images</path></target></pool>", 0));
        Assert.Equal(ErrorCode.InvalidArg, relative.Code);
        var iscsi = await Assert.ThrowsAsync<LibvirtException>(() => d.DefinePoolXmlAsync("<pool type='iscsi'><name>p4</name><source><host name='h'/><device path='iqn.x'/></source><target><path>/dev/disk/by-path</path></target></pool>", 0));
        Assert.Equal("internal error: missing backend for pool type 5 (iscsi)", iscsi.Message);
        Assert.Equal(["default.xml", "p1.xml"], Directory.GetFiles(_bed.Paths.ConfigDir).Select(Path.GetFileName).Order());
        var unknown = await Assert.ThrowsAsync<LibvirtException>(() => d.LookupPoolByNameAsync("nope"));
        Assert.Equal("Storage pool not found: no storage pool with matching name 'nope'", unknown.Message);
    }

    [Fact]
    public async Task ARestartedDriverFindsPersistentPoolsAndRestartsTheRunningOnes()
    {
        var running = await _bed.StartDirPoolAsync("run1");
        await _bed.Driver.CreateVolXmlAsync(running, StorageTestBed.VolXml("v.img", 1 << 20), 0);
        var stopped = await _bed.Driver.DefinePoolXmlAsync($"<pool type='dir'><name>off1</name><target><path>{_bed.PoolDir("off1")}</path></target></pool>", 0);
        Directory.CreateDirectory(_bed.PoolDir("t1"));
        await _bed.Driver.CreatePoolXmlAsync($"<pool type='dir'><name>t1</name><target><path>{_bed.PoolDir("t1")}</path></target></pool>", 0);

        var d = _bed.Restart();
        Assert.True(await d.IsPoolActiveAsync(running));
        Assert.False(await d.IsPoolActiveAsync(stopped));
        var transient = await d.LookupPoolByNameAsync("t1");
        Assert.True(await d.IsPoolActiveAsync(transient));
        Assert.False(await d.IsPoolPersistentAsync(transient));
        Assert.Equal(["v.img"], (await d.ListAllVolumesAsync(running, 0)).Select(v => v.Name));

        // a transient pool disappears when stopped
        await d.DestroyPoolAsync(transient);
        await Assert.ThrowsAsync<LibvirtException>(() => d.LookupPoolByNameAsync("t1"));
    }

    [Fact]
    public async Task RefreshFindsFilesCopiedInWithTheirFormatFromTheirHeaders()
    {
        var pool = await _bed.StartDirPoolAsync("p1");
        var dir = _bed.PoolDir("p1");
        Image.Create(Path.Combine(dir, "base.raw"), "raw", new() { Size = 1 << 20 });
        Image.Create(Path.Combine(dir, "top.qcow2"), "qcow2", new() { Size = 4 << 20, BackingFile = "base.raw", BackingFormat = "raw" });
        Image.Create(Path.Combine(dir, "nofmt.qcow2"), "qcow2", new() { Size = 4 << 20, BackingFile = "top.qcow2" });
        Assert.Empty(await _bed.Driver.ListAllVolumesAsync(pool, 0));
        await _bed.Driver.RefreshPoolAsync(pool, 0);
        Assert.Equal(["base.raw", "nofmt.qcow2", "top.qcow2"], (await _bed.Driver.ListAllVolumesAsync(pool, 0)).Select(v => v.Name));

        var top = await _bed.Driver.LookupVolByNameAsync(pool, "top.qcow2");
        var xml = await _bed.Driver.GetVolXmlDescAsync(top, 0);
        Assert.Contains("<capacity unit='bytes'>4194304</capacity>", xml);
        Assert.Contains("<format type='qcow2'/>", xml);
        Assert.Contains($"<backingStore>\n    <path>{dir}/base.raw</path>\n    <format type='raw'/>", xml);

        // a backing file whose format the image does not record is shown without one: never guessed
        var nofmt = await _bed.Driver.GetVolXmlDescAsync(await _bed.Driver.LookupVolByNameAsync(pool, "nofmt.qcow2"), 0);
        Assert.Contains($"<backingStore>\n    <path>{dir}/top.qcow2</path>\n    <permissions>", nofmt);
    }
}
