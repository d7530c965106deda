using Vireo.Protocol.Errors;
using L = Vireo.Drivers.Events.DomainLifecycle;

namespace Vireo.Drivers.Test.Tests;

/// <summary>Snapshot metadata as libvirt's test driver keeps it.</summary>
public class SnapshotTests
{
    [Fact]
    public async Task Create_list_and_dumpxml()
    {
        var c = TestKit.Default();
        var test = await TestKit.Test(c);
        Assert.Equal("s1", await c.Domains.SnapshotCreateXmlAsync(test, "<domainsnapshot><name>s1</name><description>hello</description></domainsnapshot>", 0));
        var second = await c.Domains.SnapshotCreateXmlAsync(test, "<domainsnapshot/>", 0);
        Assert.True(long.TryParse(second, out _)); // unnamed snapshots are named after their creation time
        Assert.Equal(["s1", second], await c.Domains.ListAllSnapshotsAsync(test, 0));
        Assert.Equal(2, await c.Domains.SnapshotNumAsync(test, 0));
        Assert.Equal(["s1"], await c.Domains.ListAllSnapshotsAsync(test, 1)); // roots
        Assert.Equal([second], await c.Domains.ListAllSnapshotsAsync(test, 4)); // leaves

        var xml = await c.Domains.SnapshotGetXmlDescAsync(test, "s1", 0);
        var domain = string.Concat(TestKit.Golden("default-domain-inactive.xml").Split('\n').Where(l => l.Length > 0).Select(l => "  " + l + "\n"));
        Assert.Matches("^<domainsnapshot>\n  <name>s1</name>\n  <description>hello</description>\n  <state>running</state>\n" +
            "  <creationTime>[0-9]+</creationTime>\n  <memory snapshot='internal'/>\n  <disks>\n    <disk name='vda' snapshot='internal'/>\n  </disks>\n$",
            xml[..xml.IndexOf("  <domain", StringComparison.Ordinal)]);
        Assert.EndsWith(domain + "</domainsnapshot>\n", xml);
        Assert.Contains($"<parent>\n    <name>s1</name>\n  </parent>", await c.Domains.SnapshotGetXmlDescAsync(test, second, 0));
    }

    [Fact]
    public async Task Errors_and_halt()
    {
        var c = TestKit.Default();
        var test = await TestKit.Test(c);
        await c.Domains.SnapshotCreateXmlAsync(test, "<domainsnapshot><name>s1</name></domainsnapshot>", 0);
        await TestKit.Fails(() => c.Domains.SnapshotCreateXmlAsync(test, "<domainsnapshot><name>s1</name></domainsnapshot>", 0),
            ErrorCode.OperationFailed, ErrorDomain.Domain, "operation failed: domain moment s1 already exists");
        await TestKit.Fails(() => c.Domains.SnapshotGetXmlDescAsync(test, "nope", 0), ErrorCode.NoDomainSnapshot, ErrorDomain.Test,
            "Domain snapshot not found: no domain snapshot with matching name 'nope'");
        await TestKit.Fails(() => c.Domains.SnapshotCreateXmlAsync(test, "<domainsnapshot/>", 4), ErrorCode.InvalidArg, ErrorDomain.Test,
            "unsupported flags (0x4) in function testDomainSnapshotCreateXML");

        using var log = new EventLog(c);
        await c.Domains.SnapshotCreateXmlAsync(test, "<domainsnapshot><name>h</name></domainsnapshot>", 8); // HALT
        Assert.False(await c.Domains.IsActiveAsync(test));
        Assert.Equal([("test", L.Stopped, L.StoppedFromSnapshot)], log.Lifecycle);
        Assert.Contains("<memory snapshot='internal'/>", await c.Domains.SnapshotGetXmlDescAsync(test, "h", 0));
        await c.Domains.SnapshotCreateXmlAsync(test, "<domainsnapshot><name>off</name></domainsnapshot>", 0);
        var off = await c.Domains.SnapshotGetXmlDescAsync(test, "off", 0);
        Assert.Contains("<state>shutoff</state>", off);
        Assert.Contains("<memory snapshot='no'/>", off);
        Assert.Equal(["off"], await c.Domains.ListAllSnapshotsAsync(test, 32)); // inactive

        var tr = await c.Domains.CreateXmlAsync(TestKit.NewDomainXml, 0);
        await TestKit.Fails(() => c.Domains.SnapshotCreateXmlAsync(tr, "<domainsnapshot/>", 8), ErrorCode.OperationInvalid, ErrorDomain.Test,
            "Requested operation is not valid: cannot halt after transient domain snapshot");
    }
}
