using Vireo.Drivers.Domains;
using Vireo.Protocol.Errors;

namespace Vireo.Drivers.Test.Tests;

/// <summary>test:///PATH.xml node files (fixture from tools/libvirt-capture, goldens from virsh).</summary>
public sealed class NodeFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("vireo-test-node-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static TestConnection Open(string path) => (TestConnection)new TestDriverFactory().Open(new Uri("test://" + path));

    [Fact]
    public async Task Loads_domains_networks_pools_and_node_info()
    {
        var path = TestKit.GoldenPath("testnode.xml");
        var c = Open(path);
        Assert.Equal("test://" + path, c.Host.Uri);
        Assert.Equal(new Vireo.Drivers.Host.NodeInfo("x86_64", 8192000, 4, 2400, 1, 1, 2, 2), await c.Host.GetNodeInfoAsync());
        Assert.Equal(TestKit.Golden("node-capabilities.xml"), await c.Host.GetCapabilitiesAsync());

        var test = await c.Domains.LookupByNameAsync("test");
        Assert.Equal(1, test.Id);
        Assert.Equal(TestKit.Golden("node-domain.xml"), await c.Domains.GetXmlDescAsync(test, 0));
        var vm2 = await c.Domains.LookupByNameAsync("vm2");
        Assert.Equal(new DomainStateWithReason(DomainState.Shutoff, 0), await c.Domains.GetStateAsync(vm2, 0));
        Assert.Equal(2, (await c.Domains.CreateAsync(vm2, 0)).Id);
        Assert.Equal(4, (await c.Domains.GetVcpuPinInfoAsync(test, 0))[0].Length); // 1 node x 1 socket x 2 cores x 2 threads

        var net = await c.Networks.LookupByNameAsync("default");
        Assert.True(await c.Networks.IsActiveAsync(net));
        var pool = await c.Storage.LookupPoolByNameAsync("default-pool");
        Assert.Equal(TestKit.Golden("node-pool.xml"), await c.Storage.GetPoolXmlDescAsync(pool, 0));
        var vol = await c.Storage.LookupVolByNameAsync(pool, "vol1.qcow2");
        Assert.Equal(TestKit.Golden("node-volume.xml"), await c.Storage.GetVolXmlDescAsync(vol, 0));
    }

    [Fact]
    public void Same_path_shares_one_instance_and_default_is_shared()
    {
        var f = new TestDriverFactory();
        var path = TestKit.GoldenPath("testnode.xml");
        Assert.Same(f.Open(new Uri("test://" + path)), f.Open(new Uri("test://" + path)));
        Assert.Same(f.Open(new Uri("test:///default")), f.Open(new Uri("test:///default")));
        Assert.NotSame(f.Open(new Uri("test:///default")), f.Open(new Uri("test://" + path)));
    }

    [Fact]
    public async Task Runstate_transient_and_managed_save_from_the_test_namespace()
    {
        var path = Path.Combine(_dir, "ns.xml");
        File.WriteAllText(path, """
            <node xmlns:test='http://libvirt.org/schemas/domain/test/1.0'>
              <domain type='test'><test:runstate>3</test:runstate><test:transient/>
                <name>paused</name><memory>1024</memory><os><type>hvm</type></os></domain>
              <domain type='test'><test:runstate>5</test:runstate><test:hasmanagedsave/>
                <name>saved</name><memory>1024</memory><os><type>hvm</type></os></domain>
              <domain file='dom.xml'/>
            </node>
            """);
        File.WriteAllText(Path.Combine(_dir, "dom.xml"), "<domain type='test'><name>external</name><memory>1024</memory><os><type>hvm</type></os></domain>");
        var c = Open(path);
        var paused = await c.Domains.LookupByNameAsync("paused");
        Assert.Equal(new DomainStateWithReason(DomainState.Paused, 0), await c.Domains.GetStateAsync(paused, 0));
        Assert.False(await c.Domains.IsPersistentAsync(paused));
        Assert.Equal(1, paused.Id);
        Assert.True(await c.Domains.HasManagedSaveImageAsync(await c.Domains.LookupByNameAsync("saved"), 0));
        Assert.Equal(2, (await c.Domains.LookupByNameAsync("external")).Id);
    }

    [Fact]
    public async Task Errors_when_opening()
    {
        var f = new TestDriverFactory();
        var missing = Path.Combine(_dir, "nonexist.xml");
        var e = Assert.Throws<LibvirtException>(() => f.Open(new Uri("test://" + missing)));
        Assert.Equal((ErrorCode.XmlError, ErrorDomain.Test, $"XML error: failed to parse xml document '{missing}'"), (e.Code, e.Domain, e.Message));

        var notNode = Path.Combine(_dir, "notnode.xml");
        File.WriteAllText(notNode, "<domain/>");
        e = Assert.Throws<LibvirtException>(() => f.Open(new Uri("test://" + notNode)));
        Assert.Equal((ErrorCode.XmlError, ErrorDomain.Xml, "XML error: expecting root element of 'node', not 'domain'"), (e.Code, e.Domain, e.Message));

        var bad = Path.Combine(_dir, "bad.xml");
        File.WriteAllText(bad, "hello");
        e = Assert.Throws<LibvirtException>(() => f.Open(new Uri("test://" + bad)));
        Assert.Equal((ErrorCode.XmlDetail, ErrorDomain.Test), (e.Code, e.Domain));
        Assert.StartsWith($"{bad}:1: ", e.Message);

        e = Assert.Throws<LibvirtException>(() => f.Open(new Uri("test:///")));
        Assert.Equal((ErrorCode.InvalidArg, ErrorDomain.Test, "invalid argument: testOpen: supply a path or use test:///default"), (e.Code, e.Domain, e.Message));

        var badState = Path.Combine(_dir, "badstate.xml");
        File.WriteAllText(badState, """
            <node xmlns:test='http://libvirt.org/schemas/domain/test/1.0'>
              <domain type='test'><test:runstate>5</test:runstate><test:transient/>
                <name>x</name><memory>1024</memory><os><type>hvm</type></os></domain>
            </node>
            """);
        e = Assert.Throws<LibvirtException>(() => f.Open(new Uri("test://" + badState)));
        Assert.Equal((ErrorCode.XmlError, ErrorDomain.Test, "XML error: transient domain cannot have runstate 'shutoff'"), (e.Code, e.Domain, e.Message));

        // A file fixed after a failed open can be opened again.
        File.WriteAllText(badState, "<node/>");
        Assert.Empty(await f.Open(new Uri("test://" + badState)).Domains.ListAllDomainsAsync(0));
    }

    [Fact]
    public async Task Taints_of_node_file_domains_show_as_messages()
    {
        var path = Path.Combine(_dir, "taint.xml");
        File.WriteAllText(path, """
            <node>
            <domain type='test'><name>t1</name><memory>262144</memory><os><type>hvm</type><dtb>/x.dtb</dtb></os>
            <cpu mode='custom'><model>Deprecated-Test</model></cpu>
            <devices>
            <disk type='block' device='cdrom'><source dev='/dev/sr0'/><target dev='hdc'/></disk>
            <disk type='block' device='lun' rawio='yes'><source dev='/dev/sdz'/><target dev='sda' bus='scsi'/></disk>
            <interface type='ethernet'><script path='/bin/true'/></interface>
            </devices></domain>
            </node>
            """);
        var c = Open(path);
        var t1 = await c.Domains.LookupByNameAsync("t1");
        string[] taints =
        [
            "tainted: running with undesirable elevated privileges", "tainted: network configuration using opaque shell scripts",
            "tainted: use of host cdrom passthrough", "tainted: custom device tree blob used", "tainted: use of deprecated configuration settings",
        ];
        Assert.Equal([.. taints, "deprecated configuration: CPU model Deprecated-Test"], await c.Domains.GetMessagesAsync(t1, 0));
        Assert.Equal(["deprecated configuration: CPU model Deprecated-Test"], await c.Domains.GetMessagesAsync(t1, 1));
        Assert.Equal(taints, await c.Domains.GetMessagesAsync(t1, 2));
        var plain = TestKit.Default();
        Assert.Empty(await plain.Domains.GetMessagesAsync(await TestKit.Test(plain), 0));
    }
}
