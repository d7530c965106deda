using System.Threading.Channels;
using Vireo.Client.Api;
using Vireo.Integration.Tests.Fixtures;
using Vireo.Protocol.Errors;

namespace Vireo.Client.Tests.Api;

/// <summary>
/// The client API against a private real libvirtd 9.0 (test driver). test:///default is reset when the last
/// connection closes, so each test works within one connection.
/// </summary>
[Trait("Category", "Integration")]
public sealed class LibvirtdApiTests(LibvirtdFixture daemon) : IClassFixture<LibvirtdFixture>
{
    private const string NewDomainXml = """
        <domain type='test'>
          <name>apivm</name>
          <memory unit='KiB'>262144</memory>
          <vcpu>1</vcpu>
          <os><type>hvm</type></os>
        </domain>
        """;

    [Fact]
    public async Task ListsAndInspectsTheBuiltInDomain()
    {
        await using var conn = await Connection.OpenAsync(daemon.TestUri);
        Assert.Equal("TEST", await conn.GetTypeAsync());
        Assert.Equal(9_000_000UL, await conn.GetLibVersionAsync());
        var all = await conn.ListAllDomainsAsync(ListDomainsFlags.Active | ListDomainsFlags.Inactive);
        var test = Assert.Single(all);
        Assert.Equal("test", test.Name);
        Assert.Equal("6695eb01-f6a4-8304-79aa-97f2502e193f", test.UuidString);
        Assert.Equal(1, test.Id);

        var info = await test.GetInfoAsync();
        Assert.Equal(DomainState.Running, info.State);
        Assert.Equal(8388608UL, info.MaxMemory);
        Assert.Equal(DomainState.Running, (await test.GetStateAsync()).State);
        Assert.Equal("linux", await test.GetOsTypeAsync());
        Assert.True(await test.IsPersistentAsync());
        Assert.Contains("<name>test</name>", await test.GetXmlDescAsync());

        var byId = await conn.LookupDomainByIdAsync(1);
        var byUuid = await conn.LookupDomainByUuidStringAsync("6695eb01-f6a4-8304-79aa-97f2502e193f");
        Assert.Equal("test", byId.Name);
        Assert.Equal("test", byUuid.Name);
        var e = await Assert.ThrowsAsync<LibvirtException>(() => conn.LookupDomainByNameAsync("nosuch"));
        Assert.Equal(ErrorCode.NoDomain, e.Code);

        var node = await conn.GetNodeInfoAsync();
        Assert.Equal(16, node.Cpus);
        // the test driver maps 8 CPUs although its topology describes 16
        Assert.Equal(8, await conn.GetCpuCountWithFallbackAsync());
    }

    [Fact]
    public async Task DrivesTheLifecycleAndReceivesEvents()
    {
        await using var conn = await Connection.OpenAsync(daemon.TestUri);
        var events = Channel.CreateUnbounded<DomainLifecycleEvent>();
        int reg = await conn.RegisterDomainEventAsync(DomainEventId.Lifecycle, null, e => events.Writer.TryWrite((DomainLifecycleEvent)e));

        var dom = await conn.DefineDomainXmlAsync(NewDomainXml);
        Assert.Equal(-1, dom.Id);
        await dom.StartAsync();
        Assert.NotEqual(-1, dom.Id);
        await dom.SuspendAsync();
        Assert.Equal(DomainState.Paused, (await dom.GetStateAsync()).State);
        await dom.ResumeAsync();
        await dom.SetMemoryFlagsAsync(131072, DomainMemoryFlags.Live);
        Assert.Equal(131072UL, (await dom.GetInfoAsync()).Memory);
        await dom.DestroyAsync();
        await dom.UndefineFlagsAsync(DomainUndefineFlags.None);

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var seen = new List<DomainLifecycleEventType>();
        while (seen.Count < 6) seen.Add((await events.Reader.ReadAsync(timeout.Token)).Event);
        Assert.Equal(new[]
        {
            DomainLifecycleEventType.Defined, DomainLifecycleEventType.Started, DomainLifecycleEventType.Suspended,
            DomainLifecycleEventType.Resumed, DomainLifecycleEventType.Stopped, DomainLifecycleEventType.Undefined,
        }, seen);
        await conn.DeregisterDomainEventAsync(reg);
    }

    [Fact]
    public async Task NetworksPoolsAndVolumes()
    {
        await using var conn = await Connection.OpenAsync(daemon.TestUri);
        var net = Assert.Single(await conn.ListAllNetworksAsync());
        Assert.Equal("default", net.Name);
        Assert.True(await net.IsActiveAsync());
        Assert.Equal("virbr0", await net.GetBridgeNameAsync());
        await net.DestroyAsync();
        Assert.False(await net.IsActiveAsync());
        await net.StartAsync();

        var pool = await conn.LookupStoragePoolByNameAsync("default-pool");
        var info = await pool.GetInfoAsync();
        Assert.Equal(StoragePoolState.Running, info.State);
        var vol = await pool.CreateVolumeXmlAsync("<volume><name>api.img</name><capacity>1048576</capacity></volume>");
        Assert.Equal("api.img", vol.Name);
        Assert.Equal("/default-pool/api.img", await vol.GetPathAsync());
        Assert.Equal(1048576UL, (await vol.GetInfoAsync()).Capacity);
        Assert.Contains(await pool.ListAllVolumesAsync(), v => v.Name == "api.img");
        Assert.Equal("default-pool", (await vol.GetPoolAsync()).Name);
        await vol.DeleteAsync();
        Assert.DoesNotContain(await pool.ListAllVolumesAsync(), v => v.Name == "api.img");
    }

    [Fact]
    public async Task StatisticsFallBackLikeVirsh()
    {
        await using var conn = await Connection.OpenAsync(daemon.TestUri);
        var test = await conn.LookupDomainByNameAsync("test");
        // libvirtd's test driver lacks virDomainBlockStatsFlags: the legacy call answers
        var stats = await test.GetBlockStatsAsync("vda");
        Assert.True(stats.Legacy);
        Assert.Equal("rd_operations", stats.Parameters[0].Field);
        var ifstats = await test.InterfaceStatsAsync("testnet0");
        Assert.True(ifstats.RxBytes > 0);
        var addrs = Assert.Single(await test.InterfaceAddressesAsync(InterfaceAddressSource.Lease));
        Assert.Equal("testnet0", addrs.Name);
        // and neither job call exists there: the fallback's own error surfaces
        var e = await Assert.ThrowsAsync<LibvirtException>(() => test.GetJobStatsAsync());
        Assert.Equal(ErrorCode.NoSupport, e.Code);
        Assert.Contains("virDomainGetJobInfo", e.Message);
    }

    [Fact]
    public async Task SnapshotsRoundTrip()
    {
        await using var conn = await Connection.OpenAsync(daemon.TestUri);
        var test = await conn.LookupDomainByNameAsync("test");
        var snap = await test.CreateSnapshotXmlAsync("<domainsnapshot><name>s1</name></domainsnapshot>");
        Assert.Equal("s1", snap.Name);
        Assert.Equal(1, await test.SnapshotNumAsync());
        Assert.Equal("s1", Assert.Single(await test.ListAllSnapshotsAsync()).Name);
        Assert.Contains("<name>s1</name>", await snap.GetXmlDescAsync());
        var child = await test.CreateSnapshotXmlAsync("<domainsnapshot><name>s2</name></domainsnapshot>");
        Assert.Equal("s1", (await child.GetParentAsync()).Name);
        Assert.Equal("s2", (await test.GetCurrentSnapshotAsync()).Name);
        var e = await Assert.ThrowsAsync<LibvirtException>(() => snap.GetParentAsync());
        Assert.Equal(ErrorCode.NoDomainSnapshot, e.Code);
        await snap.RevertAsync(SnapshotRevertFlags.Paused);
        Assert.True(await snap.IsCurrentAsync());
        Assert.Equal(DomainState.Paused, (await test.GetInfoAsync()).State);
        await snap.DeleteAsync(SnapshotDeleteFlags.ChildrenOnly);
        Assert.Equal(1, await test.SnapshotNumAsync());
        await snap.DeleteAsync();
        Assert.Equal(0, await test.SnapshotNumAsync());
    }

    [Fact]
    public async Task ReadOnlyConnectionIsRefusedLocallyButQueries()
    {
        await using var conn = await Connection.OpenAsync(daemon.TestUri, readOnly: true);
        var test = await conn.LookupDomainByNameAsync("test");
        Assert.Equal(DomainState.Running, (await test.GetInfoAsync()).State);
        var e = await Assert.ThrowsAsync<LibvirtException>(() => test.DestroyAsync());
        Assert.Equal("operation forbidden: read only access prevents virDomainDestroy", e.Message);
        Assert.Equal(DomainState.Running, (await test.GetStateAsync()).State);
    }

    [Fact]
    public async Task PeerToPeerMigrationIsUnsupportedByTheTestDriver()
    {
        await using var conn = await Connection.OpenAsync(daemon.TestUri);
        var test = await conn.LookupDomainByNameAsync("test");
        var e = await Assert.ThrowsAsync<LibvirtException>(() =>
            test.MigrateToUriAsync("test+tcp://10.0.0.1/default", [], MigrateFlags.Live | MigrateFlags.PeerToPeer));
        Assert.Equal("argument unsupported: p2p migration is not supported by the source host", e.Message);
    }
}
