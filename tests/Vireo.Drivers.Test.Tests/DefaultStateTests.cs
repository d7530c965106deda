using Vireo.Drivers.Domains;

namespace Vireo.Drivers.Test.Tests;

/// <summary>test:///default starts exactly as libvirt 9.0's does (golden files captured from virsh, see Golden/regenerate.sh).</summary>
public class DefaultStateTests
{
    [Fact]
    public async Task Default_domain_xml_matches_libvirt()
    {
        var c = TestKit.Default();
        var dom = await TestKit.Test(c);
        Assert.Equal(TestKit.Golden("default-domain.xml"), await c.Domains.GetXmlDescAsync(dom, 0));
        Assert.Equal(TestKit.Golden("default-domain-inactive.xml"), await c.Domains.GetXmlDescAsync(dom, DomainFlags.XmlInactive));
    }

    [Fact]
    public async Task Default_domain_is_running_with_id_1_and_reason_unknown()
    {
        var c = TestKit.Default();
        var dom = await TestKit.Test(c);
        Assert.Equal(new DomainRef("test", Guid.Parse(TestKit.DefaultUuid), 1), dom);
        Assert.Equal(new DomainStateWithReason(DomainState.Running, DomainStateReason.RunningUnknown), await c.Domains.GetStateAsync(dom, 0));
        var info = await c.Domains.GetInfoAsync(dom);
        Assert.Equal((DomainState.Running, 8388608UL, 2097152UL, 2), (info.State, info.MaxMemKiB, info.MemoryKiB, info.Vcpus));
        Assert.True(await c.Domains.IsPersistentAsync(dom));
        Assert.False(await c.Domains.GetAutostartAsync(dom));
        Assert.False(await c.Domains.HasManagedSaveImageAsync(dom, 0));
        Assert.Equal("linux", await c.Domains.GetOsTypeAsync(dom));
        Assert.Equal(("libvirt-test", true), await c.Domains.GetSecurityLabelAsync(dom));
        Assert.Single(await c.Domains.ListAllDomainsAsync(0));
    }

    [Fact]
    public async Task Host_facts_match_libvirt()
    {
        var c = TestKit.Default();
        Assert.Equal("TEST", c.Host.HypervisorType);
        Assert.Equal(2UL, c.Host.HypervisorVersion);
        Assert.Equal("test:///default", c.Host.Uri);
        Assert.Equal(("testSecurity", ""), c.Host.SecurityModel);
        Assert.Equal(new Vireo.Drivers.Host.NodeInfo("i686", 3145728, 16, 1400, 2, 2, 2, 2), await c.Host.GetNodeInfoAsync());
        Assert.Equal(32, await c.Host.GetMaxVcpusAsync(null));
        Assert.Equal(new[] { true, false, true, false, true, false, false, false }, await c.Host.GetCpuMapAsync());
        Assert.Equal(TestKit.Golden("default-capabilities.xml"), await c.Host.GetCapabilitiesAsync());
        Assert.Equal(TestKit.Golden("default-sysinfo.xml"), await c.Host.GetSysinfoAsync(0));
        Assert.False(string.IsNullOrEmpty(c.Host.Hostname));
        Assert.StartsWith(Environment.MachineName, c.Host.Hostname, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Default_network_and_pool_match_libvirt()
    {
        var c = TestKit.Default();
        var net = await c.Networks.LookupByNameAsync("default");
        Assert.Equal(Guid.Parse("dd8fe884-6c02-601e-7551-cca97df1c5df"), net.Uuid);
        Assert.Equal(TestKit.Golden("default-network.xml"), await c.Networks.GetXmlDescAsync(net, 0));
        Assert.True(await c.Networks.IsActiveAsync(net));
        Assert.True(await c.Networks.IsPersistentAsync(net));
        Assert.False(await c.Networks.GetAutostartAsync(net));
        Assert.Equal("virbr0", await c.Networks.GetBridgeNameAsync(net));

        var pool = await c.Storage.LookupPoolByNameAsync("default-pool");
        Assert.Equal(TestKit.Golden("default-pool.xml"), await c.Storage.GetPoolXmlDescAsync(pool, 0));
        Assert.Equal(new Vireo.Drivers.Storage.StoragePoolInfo(2, 107374182400, 0, 107374182400), await c.Storage.GetPoolInfoAsync(pool));
        Assert.Empty(await c.Storage.ListAllVolumesAsync(pool, 0));
        Assert.True(await c.Storage.IsPoolPersistentAsync(pool));
        Assert.False(await c.Storage.GetPoolAutostartAsync(pool));
    }
}
