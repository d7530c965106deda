using Vireo.Drivers.Domains;
using Vireo.Protocol.Errors;
using L = Vireo.Drivers.Events.DomainLifecycle;

namespace Vireo.Drivers.Test.Tests;

/// <summary>Define/undefine/create rules for persistent and transient domains.</summary>
public class DomainDefineTests
{
    [Fact]
    public async Task Define_fills_in_defaults_like_libvirt()
    {
        var c = TestKit.Default();
        var dom = await c.Domains.DefineXmlAsync(TestKit.NewDomainXml, 0);
        var expected = $"""
            <domain type='test'>
              <name>newvm</name>
              <uuid>{dom.Uuid:D}</uuid>
              <memory unit='KiB'>262144</memory>
              <currentMemory unit='KiB'>262144</currentMemory>
              <vcpu placement='static'>1</vcpu>
              <os>
                <type arch='x86_64'>hvm</type>
                <boot dev='hd'/>
              </os>
              <clock offset='utc'/>
              <on_poweroff>destroy</on_poweroff>
              <on_reboot>restart</on_reboot>
              <on_crash>destroy</on_crash>
              <devices>
              </devices>
            </domain>

            """;
        Assert.Equal(expected, await c.Domains.GetXmlDescAsync(dom, 0));
    }

    [Fact]
    public async Task Redefine_with_same_uuid_updates_and_keeps_uuid()
    {
        var c = TestKit.Default();
        using var log = new EventLog(c);
        var dom = await c.Domains.DefineXmlAsync(TestKit.NewDomainXml, 0);
        var xml = (await c.Domains.GetXmlDescAsync(dom, DomainFlags.XmlInactive)).Replace("262144", "300000");
        var again = await c.Domains.DefineXmlAsync(xml, 0);
        Assert.Equal(dom.Uuid, again.Uuid);
        Assert.Equal(300000UL, await c.Domains.GetMaxMemoryAsync(again));
        Assert.Equal([("newvm", L.Defined, L.DefinedAdded), ("newvm", L.Defined, L.DefinedUpdated)], log.Lifecycle);
    }

    [Fact]
    public async Task Name_and_uuid_clashes_fail_as_libvirt()
    {
        var c = TestKit.Default();
        var dom = await c.Domains.DefineXmlAsync(TestKit.NewDomainXml, 0);
        // Without a UUID a new one is generated, so the same name clashes.
        await TestKit.Fails(() => c.Domains.DefineXmlAsync(TestKit.NewDomainXml, 0), ErrorCode.OperationFailed, ErrorDomain.Domain,
            $"operation failed: domain 'newvm' already exists with uuid {dom.Uuid:D}");
        await TestKit.Fails(() => c.Domains.CreateXmlAsync(TestKit.NewDomainXml, 0), ErrorCode.OperationFailed, ErrorDomain.Domain,
            $"operation failed: domain 'newvm' already exists with uuid {dom.Uuid:D}");
        var otherName = TestKit.NewDomainXml.Replace("<name>newvm</name>", $"<name>zz</name><uuid>{TestKit.DefaultUuid}</uuid>");
        await TestKit.Fails(() => c.Domains.DefineXmlAsync(otherName, 0), ErrorCode.OperationFailed, ErrorDomain.Domain,
            $"operation failed: domain 'test' is already defined with uuid {TestKit.DefaultUuid}");
    }

    [Fact]
    public async Task Create_over_running_domain_is_refused()
    {
        var c = TestKit.Default();
        var xml = await c.Domains.GetXmlDescAsync(await TestKit.Test(c), DomainFlags.XmlInactive);
        await TestKit.Fails(() => c.Domains.CreateXmlAsync(xml, 0), ErrorCode.OperationInvalid, ErrorDomain.Domain,
            "Requested operation is not valid: domain 'test' is already active");
        await TestKit.Fails(() => c.Domains.CreateXmlAsync(xml, DomainFlags.StartPaused), ErrorCode.InvalidArg, ErrorDomain.Test,
            "unsupported flags (0x1) in function testDomainCreateXML");
    }

    [Fact]
    public async Task Create_over_defined_domain_runs_the_new_xml_and_keeps_the_config()
    {
        var c = TestKit.Default();
        var dom = await c.Domains.DefineXmlAsync(TestKit.NewDomainXml, 0);
        var xml = TestKit.NewDomainXml.Replace("<name>newvm</name>", $"<name>newvm</name><uuid>{dom.Uuid:D}</uuid>").Replace("262144", "300000");
        var running = await c.Domains.CreateXmlAsync(xml, 0);
        Assert.Equal(2, running.Id);
        Assert.True(await c.Domains.IsPersistentAsync(running));
        Assert.Equal(300000UL, await c.Domains.GetMaxMemoryAsync(running));
        Assert.Contains("<memory unit='KiB'>262144</memory>", await c.Domains.GetXmlDescAsync(running, DomainFlags.XmlInactive));
        await c.Domains.DestroyAsync(running, 0);
        Assert.Equal(262144UL, await c.Domains.GetMaxMemoryAsync(running));
    }

    [Fact]
    public async Task Define_over_running_domain_changes_only_the_next_boot()
    {
        var c = TestKit.Default();
        var test = await TestKit.Test(c);
        using var log = new EventLog(c);
        var xml = (await c.Domains.GetXmlDescAsync(test, DomainFlags.XmlInactive)).Replace("8388608", "4194304");
        await c.Domains.DefineXmlAsync(xml, 0);
        Assert.Equal(8388608UL, await c.Domains.GetMaxMemoryAsync(test));
        Assert.Contains("<memory unit='KiB'>4194304</memory>", await c.Domains.GetXmlDescAsync(test, DomainFlags.XmlInactive));
        Assert.Contains("id='1'", await c.Domains.GetXmlDescAsync(test, 0));
        Assert.Equal([("test", L.Defined, L.DefinedUpdated)], log.Lifecycle);
        await c.Domains.DestroyAsync(test, 0);
        Assert.Equal(4194304UL, await c.Domains.GetMaxMemoryAsync(test));
    }

    [Fact]
    public async Task Define_over_transient_running_domain_makes_it_persistent()
    {
        var c = TestKit.Default();
        var tr = await c.Domains.CreateXmlAsync(TestKit.NewDomainXml, 0);
        using var log = new EventLog(c);
        await c.Domains.DefineXmlAsync(await c.Domains.GetXmlDescAsync(tr, DomainFlags.XmlInactive), 0);
        Assert.True(await c.Domains.IsPersistentAsync(tr));
        Assert.Equal([("newvm", L.Defined, L.DefinedAdded)], log.Lifecycle);
        await c.Domains.DestroyAsync(tr, 0);
        Assert.True(await c.Domains.IsPersistentAsync(tr));
    }

    [Fact]
    public async Task Undefine_inactive_removes_and_running_becomes_transient()
    {
        var c = TestKit.Default();
        using var log = new EventLog(c);
        var test = await TestKit.Test(c);
        await c.Domains.UndefineAsync(test, 0);
        Assert.False(await c.Domains.IsPersistentAsync(test));
        Assert.True(await c.Domains.IsActiveAsync(test));
        await c.Domains.DestroyAsync(test, 0);
        await TestKit.Fails(() => c.Domains.IsActiveAsync(test), ErrorCode.NoDomain, ErrorDomain.Test,
            $"Domain not found: no domain with matching uuid '{TestKit.DefaultUuid}' (test)");

        var dom = await c.Domains.DefineXmlAsync(TestKit.NewDomainXml, 0);
        await c.Domains.UndefineAsync(dom, 0);
        Assert.Empty(await c.Domains.ListAllDomainsAsync(0));
        Assert.Equal([("test", L.Undefined, L.UndefinedRemoved), ("test", L.Stopped, L.StoppedDestroyed),
            ("newvm", L.Defined, L.DefinedAdded), ("newvm", L.Undefined, L.UndefinedRemoved)], log.Lifecycle);
    }

    [Fact]
    public async Task Undefine_of_a_transient_running_domain_succeeds_with_an_event()
    {
        var c = TestKit.Default();
        var tr = await c.Domains.CreateXmlAsync(TestKit.NewDomainXml, 0);
        using var log = new EventLog(c);
        await c.Domains.UndefineAsync(tr, 0);
        Assert.True(await c.Domains.IsActiveAsync(tr));
        Assert.Equal([("newvm", L.Undefined, L.UndefinedRemoved)], log.Lifecycle);
    }

    [Fact]
    public async Task Listing_filters_follow_libvirt()
    {
        var c = TestKit.Default();
        await c.Domains.DefineXmlAsync(TestKit.NewDomainXml, 0);
        await c.Domains.CreateXmlAsync(TestKit.NewDomainXml.Replace("newvm", "tr"), 0);
        async Task<string[]> Names(uint f) => (await c.Domains.ListAllDomainsAsync(f)).Select(d => d.Name).Order().ToArray();
        Assert.Equal(["newvm", "test", "tr"], await Names(0));
        Assert.Equal(["test", "tr"], await Names(DomainFlags.ListActive));
        Assert.Equal(["newvm"], await Names(DomainFlags.ListInactive));
        Assert.Equal(["newvm", "test"], await Names(DomainFlags.ListPersistent));
        Assert.Equal(["tr"], await Names(DomainFlags.ListTransient));
        Assert.Equal(["newvm"], await Names(DomainFlags.ListShutoff));
        Assert.Empty(await Names(DomainFlags.ListManagedSave));
        Assert.Equal(["newvm", "test", "tr"], await Names(DomainFlags.ListNoSnapshot));
        await TestKit.Fails(() => c.Domains.ListAllDomainsAsync(1 << 20), ErrorCode.InvalidArg, ErrorDomain.Test,
            "unsupported flags (0x100000) in function testConnectListAllDomains");
    }

    [Fact]
    public async Task Autostart_is_kept_even_for_transient_domains()
    {
        var c = TestKit.Default();
        var tr = await c.Domains.CreateXmlAsync(TestKit.NewDomainXml, 0);
        await c.Domains.SetAutostartAsync(tr, true);
        Assert.True(await c.Domains.GetAutostartAsync(tr));
        Assert.Equal(["newvm"], (await c.Domains.ListAllDomainsAsync(DomainFlags.ListAutostart)).Select(d => d.Name));
    }

    [Fact]
    public async Task Invalid_xml_reports_the_model_error()
    {
        var c = TestKit.Default();
        await TestKit.Fails(() => c.Domains.DefineXmlAsync("<network/>", 0), ErrorCode.XmlError, ErrorDomain.Xml,
            "XML error: expecting root element of 'domain', not 'network'");
        await TestKit.Fails(() => c.Domains.DefineXmlAsync("<domain><name>a</name></domain>", 0), ErrorCode.InternalError, ErrorDomain.Domain,
            "internal error: missing domain type attribute");
        await TestKit.Fails(() => c.Domains.DefineXmlAsync(TestKit.NewDomainXml.Replace("<name>newvm</name>", "<name>a/b</name>"), 0),
            ErrorCode.XmlError, ErrorDomain.Domain, "XML error: name a/b cannot contain '/'");
        await TestKit.Fails(() => c.Domains.DefineXmlAsync(TestKit.NewDomainXml.Replace("<name>newvm</name>", "<name>a\nb</name>"), 0),
            ErrorCode.XmlDetail, ErrorDomain.Xml, "invalid char in name: \n");
        await TestKit.Fails(() => c.Domains.DefineXmlAsync("<domain type='test'><name>a</name><os><type>hvm</type></os></domain>", 0),
            ErrorCode.XmlError, ErrorDomain.Domain, "XML error: Memory size must be specified via <memory> or in the <numa> configuration");
        await TestKit.Fails(() => c.Domains.DefineXmlAsync(TestKit.NewDomainXml, 4), ErrorCode.InvalidArg, ErrorDomain.Test,
            "unsupported flags (0x4) in function testDomainDefineXMLFlags");
    }

    [Fact]
    public async Task Test_namespace_is_checked_and_not_formatted()
    {
        var c = TestKit.Default();
        const string ns = "xmlns:test='http://libvirt.org/schemas/domain/test/1.0'";
        var bad = TestKit.NewDomainXml.Replace("<domain type='test'>", $"<domain type='test' {ns}>").Replace("</domain>", "<test:runstate>9</test:runstate></domain>");
        await TestKit.Fails(() => c.Domains.DefineXmlAsync(bad, 0), ErrorCode.XmlError, ErrorDomain.Test, "XML error: runstate '9' out of range'");
        var ok = TestKit.NewDomainXml.Replace("<domain type='test'>", $"<domain type='test' {ns}>").Replace("</domain>", "<test:runstate>3</test:runstate></domain>");
        var dom = await c.Domains.DefineXmlAsync(ok, 0);
        var xml = await c.Domains.GetXmlDescAsync(dom, 0);
        Assert.DoesNotContain("test:", xml);
        Assert.DoesNotContain("runstate", xml);
    }
}
