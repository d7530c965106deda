using Vireo.Drivers.Domains;
using Vireo.Protocol.Errors;

namespace Vireo.Drivers.Test.Tests;

/// <summary>Every error of the domain APIs, with libvirt 9.0's exact code, domain and message (checked with python-libvirt).</summary>
public class DomainErrorTests
{
    private static async Task<(TestConnection C, DomainRef Dom)> Inactive()
    {
        var c = TestKit.Default();
        return (c, await c.Domains.DefineXmlAsync(TestKit.NewDomainXml, 0));
    }

    [Fact]
    public async Task Lookups_of_missing_domains()
    {
        var c = TestKit.Default();
        await TestKit.Fails(() => c.Domains.LookupByNameAsync("x"), ErrorCode.NoDomain, ErrorDomain.Test, "Domain not found");
        await TestKit.Fails(() => c.Domains.LookupByIdAsync(9), ErrorCode.NoDomain, ErrorDomain.Test, "Domain not found");
        await TestKit.Fails(() => c.Domains.LookupByUuidAsync(Guid.Parse("11111111-2222-3333-4444-555555555555")), ErrorCode.NoDomain,
            ErrorDomain.Test, "Domain not found");
        var stale = new DomainRef("gone", Guid.Parse("11111111-2222-3333-4444-555555555555"), -1);
        await TestKit.Fails(() => c.Domains.GetInfoAsync(stale), ErrorCode.NoDomain, ErrorDomain.Test,
            "Domain not found: no domain with matching uuid '11111111-2222-3333-4444-555555555555' (gone)");
        await TestKit.Fails(() => c.Domains.CreateAsync(stale, 0), ErrorCode.NoDomain, ErrorDomain.Test,
            "Domain not found: no domain with matching uuid '11111111-2222-3333-4444-555555555555' (gone)");
    }

    [Fact]
    public async Task Operations_on_a_running_domain_that_need_it_stopped()
    {
        var c = TestKit.Default();
        var test = await TestKit.Test(c);
        await TestKit.Fails(() => c.Domains.CreateAsync(test, 0), ErrorCode.InternalError, ErrorDomain.Test,
            "internal error: Domain 'test' is already running");
        await TestKit.Fails(() => c.Domains.ResumeAsync(test), ErrorCode.InternalError, ErrorDomain.Test, "internal error: domain 'test' not paused");
        await c.Domains.SuspendAsync(test);
        await TestKit.Fails(() => c.Domains.SuspendAsync(test), ErrorCode.InternalError, ErrorDomain.Test, "internal error: domain 'test' not running");
    }

    [Fact]
    public async Task Operations_on_a_shut_off_domain_that_need_it_running()
    {
        var (c, d) = await Inactive();
        const string notRunning = "Requested operation is not valid: domain is not running";
        await TestKit.Fails(() => c.Domains.DestroyAsync(d, 0), ErrorCode.OperationInvalid, ErrorDomain.Domain, notRunning);
        await TestKit.Fails(() => c.Domains.RebootAsync(d, 0), ErrorCode.OperationInvalid, ErrorDomain.Domain, notRunning);
        await TestKit.Fails(() => c.Domains.ResetAsync(d, 0), ErrorCode.OperationInvalid, ErrorDomain.Domain, notRunning);
        await TestKit.Fails(() => c.Domains.SaveAsync(d, "/tmp/never-written.sav", null, 0), ErrorCode.OperationInvalid, ErrorDomain.Domain, notRunning);
        await TestKit.Fails(() => c.Domains.ManagedSaveAsync(d, 0), ErrorCode.OperationInvalid, ErrorDomain.Domain, notRunning);
        await TestKit.Fails(() => c.Domains.GetBlockStatsAsync(d, "vda"), ErrorCode.OperationInvalid, ErrorDomain.Domain, notRunning);
        await TestKit.Fails(() => c.Domains.GetInterfaceStatsAsync(d, "testnet0"), ErrorCode.OperationInvalid, ErrorDomain.Domain, notRunning);
        await TestKit.Fails(() => c.Domains.GetInterfaceAddressesAsync(d, 0, 0), ErrorCode.OperationInvalid, ErrorDomain.Domain, notRunning);
        await TestKit.Fails(() => c.Domains.SetMemoryFlagsAsync(d, 1000, DomainFlags.AffectLive), ErrorCode.OperationInvalid, ErrorDomain.Domain, notRunning);
        await TestKit.Fails(() => c.Domains.SetVcpusFlagsAsync(d, 1, DomainFlags.AffectLive), ErrorCode.OperationInvalid, ErrorDomain.Domain, notRunning);
        await TestKit.Fails(() => c.Domains.GetVcpusFlagsAsync(d, DomainFlags.AffectLive), ErrorCode.OperationInvalid, ErrorDomain.Domain, notRunning);
        await TestKit.Fails(() => c.Domains.GetVcpuPinInfoAsync(d, DomainFlags.AffectLive), ErrorCode.OperationInvalid, ErrorDomain.Domain, notRunning);
        await TestKit.Fails(() => c.Domains.GetMaxVcpusAsync(d), ErrorCode.OperationInvalid, ErrorDomain.Domain, notRunning);
        await TestKit.Fails(() => c.Domains.ShutdownAsync(d, 0), ErrorCode.InternalError, ErrorDomain.Test, "internal error: domain 'newvm' not running");
        await TestKit.Fails(() => c.Domains.SuspendAsync(d), ErrorCode.InternalError, ErrorDomain.Test, "internal error: domain 'newvm' not running");
        await TestKit.Fails(() => c.Domains.ResumeAsync(d), ErrorCode.InternalError, ErrorDomain.Test, "internal error: domain 'newvm' not paused");
        await TestKit.Fails(() => c.Domains.GetVcpusAsync(d), ErrorCode.OperationInvalid, ErrorDomain.Test,
            "Requested operation is not valid: cannot list vcpus for an inactive domain");
        await TestKit.Fails(() => c.Domains.PinVcpuFlagsAsync(d, 0, [true], 0), ErrorCode.OperationInvalid, ErrorDomain.Test,
            "Requested operation is not valid: cannot pin vcpus on an inactive domain");
        Assert.Equal(("", false), await c.Domains.GetSecurityLabelAsync(d));
    }

    [Fact]
    public async Task Unsupported_flags_name_the_test_driver_function()
    {
        var c = TestKit.Default();
        var test = await TestKit.Test(c);
        await TestKit.Fails(() => c.Domains.CreateAsync(test, DomainFlags.StartPaused), ErrorCode.InvalidArg, ErrorDomain.Test,
            "unsupported flags (0x1) in function testDomainCreateWithFlags");
        await TestKit.Fails(() => c.Domains.UndefineAsync(test, DomainFlags.UndefineNvram), ErrorCode.InvalidArg, ErrorDomain.Test,
            "unsupported flags (0x4) in function testDomainUndefineFlags");
        await TestKit.Fails(() => c.Domains.DestroyAsync(test, 2), ErrorCode.InvalidArg, ErrorDomain.Test,
            "unsupported flags (0x2) in function testDomainDestroyFlags");
        await TestKit.Fails(() => c.Domains.ShutdownAsync(test, 1), ErrorCode.InvalidArg, ErrorDomain.Test,
            "unsupported flags (0x1) in function testDomainShutdownFlags");
        await TestKit.Fails(() => c.Domains.PinVcpuFlagsAsync(test, 0, [true], DomainFlags.AffectConfig), ErrorCode.InvalidArg, ErrorDomain.Test,
            "unsupported flags (0x2) in function testDomainPinVcpuFlags");
        await TestKit.Fails(() => c.Domains.SetVcpusFlagsAsync(test, 1, DomainFlags.VcpuGuest), ErrorCode.InvalidArg, ErrorDomain.Test,
            "unsupported flags (0x8) in function testDomainSetVcpusFlags");
        await TestKit.Fails(() => c.Domains.GetStateAsync(test, 1), ErrorCode.InvalidArg, ErrorDomain.Test,
            "unsupported flags (0x1) in function testDomainGetState");
    }

    [Fact]
    public async Task Not_supported_apis()
    {
        var c = TestKit.Default();
        var test = await TestKit.Test(c);
        await TestKit.Fails(() => c.Domains.GetJobInfoAsync(test), ErrorCode.NoSupport, ErrorDomain.Domain,
            "this function is not supported by the connection driver: virDomainGetJobInfo");
        await TestKit.Fails(() => c.Domains.UpdateDeviceFlagsAsync(test, "<disk/>", 0), ErrorCode.NoSupport, ErrorDomain.Domain,
            "this function is not supported by the connection driver: virDomainUpdateDeviceFlags");
        await TestKit.Fails(() => c.Host.GetDomainCapabilitiesAsync(null, null, null, null, 0), ErrorCode.NoSupport, ErrorDomain.Domain,
            "this function is not supported by the connection driver: virConnectGetDomainCapabilities");
        await TestKit.Fails(() => c.Host.GetSysinfoAsync(1), ErrorCode.InvalidArg, ErrorDomain.Test,
            "unsupported flags (0x1) in function testConnectGetSysinfo");
    }

    [Fact]
    public async Task Managed_save_and_snapshots_block_undefine()
    {
        var c = TestKit.Default();
        var test = await TestKit.Test(c);
        await c.Domains.ManagedSaveAsync(test, 0);
        await TestKit.Fails(() => c.Domains.UndefineAsync(test, 0), ErrorCode.OperationInvalid, ErrorDomain.Test,
            "Requested operation is not valid: Refusing to undefine while domain managed save image exists");
        await c.Domains.ManagedSaveRemoveAsync(test, 0);
        await c.Domains.SnapshotCreateXmlAsync(test, "<domainsnapshot><name>s1</name></domainsnapshot>", 0);
        await TestKit.Fails(() => c.Domains.UndefineAsync(test, 0), ErrorCode.OperationInvalid, ErrorDomain.Test,
            "Requested operation is not valid: cannot delete inactive domain with 1 snapshots");
        await c.Domains.UndefineAsync(test, DomainFlags.UndefineSnapshotsMetadata);
        Assert.Empty(await c.Domains.ListAllDomainsAsync(0));
    }

    [Fact]
    public async Task Transient_domains_have_no_config_to_change()
    {
        var c = TestKit.Default();
        var tr = await c.Domains.CreateXmlAsync(TestKit.NewDomainXml, 0);
        await TestKit.Fails(() => c.Domains.SetMemoryFlagsAsync(tr, 1000, DomainFlags.AffectConfig), ErrorCode.OperationInvalid, ErrorDomain.Domain,
            "Requested operation is not valid: transient domains do not have any persistent config");
        await TestKit.Fails(() => c.Domains.ManagedSaveAsync(tr, 0), ErrorCode.OperationInvalid, ErrorDomain.Test,
            "Requested operation is not valid: cannot do managed save for transient domain");
    }
}
