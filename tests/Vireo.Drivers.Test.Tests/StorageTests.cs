using Vireo.Drivers.Events;
using Vireo.Drivers.Storage;
using Vireo.Protocol.Errors;

namespace Vireo.Drivers.Test.Tests;

/// <summary>Storage pools and volumes of the test driver (all in memory).</summary>
public class StorageTests
{
    private const string Vol = "<volume><name>v1.img</name><capacity unit='M'>10</capacity><allocation>1024</allocation></volume>";
    private const string P2 = "<pool type='dir'><name>p2</name><target><path>/p2</path></target></pool>";

    private static async Task<(TestConnection C, StoragePoolRef Pool)> DefaultPool()
    {
        var c = TestKit.Default();
        return (c, await c.Storage.LookupPoolByNameAsync("default-pool"));
    }

    [Fact]
    public async Task Volume_create_lookup_and_delete_update_pool_allocation()
    {
        var (c, p) = await DefaultPool();
        var v = await c.Storage.CreateVolXmlAsync(p, Vol, 0);
        Assert.Equal(new StorageVolRef("default-pool", "v1.img", "/default-pool/v1.img"), v);
        Assert.Equal("/default-pool/v1.img", await c.Storage.GetVolPathAsync(v));
        Assert.Equal(new StorageVolInfo(0, 10485760, 1024), await c.Storage.GetVolInfoAsync(v, 0));
        Assert.Equal("""
            <volume type='file'>
              <name>v1.img</name>
              <key>/default-pool/v1.img</key>
              <capacity unit='bytes'>10485760</capacity>
              <allocation unit='bytes'>1024</allocation>
              <target>
                <path>/default-pool/v1.img</path>
                <format type='raw'/>
              </target>
            </volume>

            """, await c.Storage.GetVolXmlDescAsync(v, 0));
        Assert.Equal(new StoragePoolInfo(2, 107374182400, 1024, 107374181376), await c.Storage.GetPoolInfoAsync(p));
        Assert.Equal(v, await c.Storage.LookupVolByKeyAsync("/default-pool/v1.img"));
        Assert.Equal(v, await c.Storage.LookupVolByPathAsync("/default-pool/v1.img"));
        Assert.Equal(v, await c.Storage.LookupVolByNameAsync(p, "v1.img"));
        Assert.Equal(p, await c.Storage.LookupPoolByVolumeAsync(v));
        var clone = await c.Storage.CreateVolXmlFromAsync(p, Vol.Replace("v1", "v2"), v, 0);
        Assert.Equal(["v1.img", "v2.img"], (await c.Storage.ListAllVolumesAsync(p, 0)).Select(x => x.Name));
        await c.Storage.DeleteVolAsync(clone, 0);
        await c.Storage.DeleteVolAsync(v, 0);
        Assert.Equal(new StoragePoolInfo(2, 107374182400, 0, 107374182400), await c.Storage.GetPoolInfoAsync(p));
    }

    [Fact]
    public async Task Volume_errors()
    {
        var (c, p) = await DefaultPool();
        await c.Storage.CreateVolXmlAsync(p, Vol, 0);
        await TestKit.Fails(() => c.Storage.CreateVolXmlAsync(p, Vol, 0), ErrorCode.OperationFailed, ErrorDomain.Test,
            "operation failed: storage vol already exists");
        await TestKit.Fails(() => c.Storage.CreateVolXmlAsync(p, "<volume><name>big</name><capacity unit='T'>10</capacity></volume>", 0),
            ErrorCode.InternalError, ErrorDomain.Test, "internal error: Not enough free space in pool for volume 'big'");
        await TestKit.Fails(() => c.Storage.CreateVolXmlAsync(p, Vol.Replace("v1", "v9"), 1), ErrorCode.InvalidArg, ErrorDomain.Test,
            "unsupported flags (0x1) in function testStorageVolCreateXML");
        await TestKit.Fails(() => c.Storage.LookupVolByNameAsync(p, "nope"), ErrorCode.NoStorageVol, ErrorDomain.Test,
            "Storage volume not found: no storage vol with matching name 'nope'");
        await TestKit.Fails(() => c.Storage.LookupVolByKeyAsync("/nope"), ErrorCode.NoStorageVol, ErrorDomain.Test,
            "Storage volume not found: no storage vol with matching key '/nope'");
        await TestKit.Fails(() => c.Storage.LookupVolByPathAsync("/nope"), ErrorCode.NoStorageVol, ErrorDomain.Test,
            "Storage volume not found: no storage vol with matching path '/nope'");
        await TestKit.Fails(() => c.Storage.ListAllVolumesAsync(p, 1), ErrorCode.InvalidArg, ErrorDomain.Test,
            "unsupported flags (0x1) in function testStoragePoolListAllVolumes");
    }

    [Fact]
    public async Task Pool_state_rules_and_events()
    {
        var (c, p) = await DefaultPool();
        var v = await c.Storage.CreateVolXmlAsync(p, Vol, 0);
        using var log = new EventLog(c);
        const string active = "Requested operation is not valid: storage pool 'default-pool' is active";
        const string inactive = "Requested operation is not valid: storage pool 'default-pool' is not active";
        await c.Storage.RefreshPoolAsync(p, 0);
        await TestKit.Fails(() => c.Storage.BuildPoolAsync(p, 0), ErrorCode.OperationInvalid, ErrorDomain.Test, active);
        await TestKit.Fails(() => c.Storage.DeletePoolAsync(p, 0), ErrorCode.OperationInvalid, ErrorDomain.Test, active);
        await TestKit.Fails(() => c.Storage.UndefinePoolAsync(p), ErrorCode.OperationInvalid, ErrorDomain.Test, active);
        await TestKit.Fails(() => c.Storage.CreatePoolAsync(p, 0), ErrorCode.OperationInvalid, ErrorDomain.Test, active);
        await c.Storage.DestroyPoolAsync(p);
        await TestKit.Fails(() => c.Storage.DestroyPoolAsync(p), ErrorCode.OperationInvalid, ErrorDomain.Test, inactive);
        await TestKit.Fails(() => c.Storage.RefreshPoolAsync(p, 0), ErrorCode.OperationInvalid, ErrorDomain.Test, inactive);
        await TestKit.Fails(() => c.Storage.LookupVolByNameAsync(p, "v1.img"), ErrorCode.OperationInvalid, ErrorDomain.Test, inactive);
        await TestKit.Fails(() => c.Storage.GetVolInfoAsync(v, 0), ErrorCode.OperationInvalid, ErrorDomain.Test, inactive);
        await TestKit.Fails(() => c.Storage.ListAllVolumesAsync(p, 0), ErrorCode.OperationInvalid, ErrorDomain.Test,
            "Requested operation is not valid: storage pool is not active");
        await TestKit.Fails(() => c.Storage.LookupVolByKeyAsync(v.Key), ErrorCode.NoStorageVol, ErrorDomain.Test,
            $"Storage volume not found: no storage vol with matching key '{v.Key}'");
        Assert.Equal(0, (await c.Storage.GetPoolInfoAsync(p)).State);
        await c.Storage.BuildPoolAsync(p, 0);
        await c.Storage.DeletePoolAsync(p, 0);
        await c.Storage.CreatePoolAsync(p, 0);
        Assert.Equal(["v1.img"], (await c.Storage.ListAllVolumesAsync(p, 0)).Select(x => x.Name));
        Assert.IsType<StoragePoolRefreshEvent>(log.All[0]);
        Assert.Equal([3, 4, 5, 2], log.All.OfType<StoragePoolLifecycleEvent>().Select(e => e.Event));
    }

    [Fact]
    public async Task Defined_and_transient_pools()
    {
        var c = TestKit.Default();
        using var log = new EventLog(c);
        var p2 = await c.Storage.DefinePoolXmlAsync(P2, 0);
        Assert.Equal(new StoragePoolInfo(0, 107374182400, 0, 107374182400), await c.Storage.GetPoolInfoAsync(p2));
        Assert.Contains("<capacity unit='bytes'>107374182400</capacity>", await c.Storage.GetPoolXmlDescAsync(p2, 0));
        await TestKit.Fails(() => c.Storage.DefinePoolXmlAsync(P2, 0), ErrorCode.OperationFailed, ErrorDomain.Storage,
            $"operation failed: pool 'p2' already exists with uuid {p2.Uuid:D}");
        await TestKit.Fails(() => c.Storage.DefinePoolXmlAsync(P2.Replace("p2</name>", "p3</name>"), 0), ErrorCode.OperationFailed, ErrorDomain.Storage,
            "operation failed: Storage source conflict with pool: 'p2'");
        await TestKit.Fails(() => c.Storage.CreateVolXmlAsync(p2, Vol, 0), ErrorCode.OperationInvalid, ErrorDomain.Test,
            "Requested operation is not valid: storage pool 'p2' is not active");
        await c.Storage.UndefinePoolAsync(p2);
        await TestKit.Fails(() => c.Storage.GetPoolInfoAsync(p2), ErrorCode.NoStoragePool, ErrorDomain.Test,
            "Storage pool not found: no storage pool with matching name 'p2'");
        await TestKit.Fails(() => c.Storage.IsPoolActiveAsync(p2), ErrorCode.NoStoragePool, ErrorDomain.Test,
            $"Storage pool not found: no storage pool with matching uuid '{p2.Uuid:D}'");

        var p4 = await c.Storage.CreatePoolXmlAsync(P2.Replace("p2", "p4"), 0);
        Assert.True(await c.Storage.IsPoolActiveAsync(p4));
        Assert.False(await c.Storage.IsPoolPersistentAsync(p4));
        Assert.False(await c.Storage.GetPoolAutostartAsync(p4));
        await TestKit.Fails(() => c.Storage.SetPoolAutostartAsync(p4, true), ErrorCode.InvalidArg, ErrorDomain.Test,
            "invalid argument: pool has no config file");
        await c.Storage.DestroyPoolAsync(p4);
        await TestKit.Fails(() => c.Storage.LookupPoolByNameAsync("p4"), ErrorCode.NoStoragePool, ErrorDomain.Test,
            "Storage pool not found: no storage pool with matching name 'p4'");
        Assert.Equal([0, 1, 2, 3], log.All.OfType<StoragePoolLifecycleEvent>().Select(e => e.Event));
    }

    [Fact]
    public async Task Pool_defaults_listing_and_autostart()
    {
        var c = TestKit.Default();
        var lv = await c.Storage.DefinePoolXmlAsync("<pool type='logical'><name>lv</name><target><path>/dev/lv</path></target></pool>", 0);
        Assert.Contains("<source>\n    <name>lv</name>\n    <format type='lvm2'/>\n  </source>", await c.Storage.GetPoolXmlDescAsync(lv, 0));
        await c.Storage.CreatePoolAsync(lv, 0);
        var v = await c.Storage.CreateVolXmlAsync(lv, Vol, 0);
        Assert.Equal(1, (await c.Storage.GetVolInfoAsync(v, 0)).Type);
        Assert.DoesNotContain("<format", await c.Storage.GetVolXmlDescAsync(v, 0));

        var p = await c.Storage.LookupPoolByNameAsync("default-pool");
        await c.Storage.SetPoolAutostartAsync(p, true);
        Assert.True(await c.Storage.GetPoolAutostartAsync(p));
        Assert.Equal(["default-pool"], (await c.Storage.ListAllPoolsAsync(StorageFlags.ListAutostart)).Select(x => x.Name));
        Assert.Equal(["lv"], (await c.Storage.ListAllPoolsAsync(1 << 9)).Select(x => x.Name)); // VIR_CONNECT_LIST_STORAGE_POOLS_LOGICAL
        await TestKit.Fails(() => c.Storage.ListAllPoolsAsync(1u << 30), ErrorCode.InvalidArg, ErrorDomain.Test,
            "unsupported flags (0x40000000) in function testConnectListAllStoragePools");
        await TestKit.Fails(() => c.Storage.GetPoolXmlDescAsync(p, 1), ErrorCode.InvalidArg, ErrorDomain.Test,
            "unsupported flags (0x1) in function testStoragePoolGetXMLDesc");
    }
}
