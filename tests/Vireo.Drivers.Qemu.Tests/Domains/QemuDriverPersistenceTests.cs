using Vireo.Drivers.Domains;
using Vireo.Drivers.Events;
using Vireo.Protocol.Errors;
using L = Vireo.Drivers.Events.DomainLifecycle;

namespace Vireo.Drivers.Qemu.Tests.Domains;

/// <summary>Define/undefine/autostart on disk, without running QEMU (fast tier).</summary>
public class QemuDriverPersistenceTests
{
    private const string Xml = "<domain type='qemu'><name>p</name><uuid>9ccfd97d-5eb4-478a-bbe6-88d254c16db7</uuid><memory>65536</memory><os><type>hvm</type></os></domain>";

    [Fact]
    public async Task ConfigsSurviveARestartAndUndefineRemovesThem()
    {
        await using var root = new DriverRoot();
        var drv = root.Open().Domains;
        var dom = await drv.DefineXmlAsync(Xml, 0);
        await drv.SetAutostartAsync(dom, true);
        Assert.Equal((L.Defined, L.DefinedAdded), root.Events.OfType<DomainLifecycleEvent>().Select(e => (e.Event, e.Detail)).Single());

        // A restarted daemon (autostart off here: this tier runs no QEMU).
        var again = root.Open(autostart: false).Domains;
        var found = await again.LookupByNameAsync("p");
        Assert.Equal(dom.Uuid, found.Uuid);
        Assert.True(await again.GetAutostartAsync(found));
        Assert.False(await again.IsActiveAsync(found));
        Assert.Contains("<name>p</name>", await again.GetXmlDescAsync(found, DomainFlags.XmlInactive));
        Assert.Single(await again.ListAllDomainsAsync(DomainFlags.ListInactive | DomainFlags.ListAutostart));
        Assert.Empty(await again.ListAllDomainsAsync(DomainFlags.ListActive));

        await again.UndefineAsync(found, 0);
        // Only the network driver's default network (defined on first start, as libvirt does) stays under ETC/qemu.
        var networks = Path.Combine(root.Root, "etc", "qemu", "networks");
        Assert.DoesNotContain(Directory.GetFiles(Path.Combine(root.Root, "etc", "qemu"), "*", SearchOption.AllDirectories),
            f => !f.StartsWith(networks, StringComparison.Ordinal));
        Assert.Equal(ErrorCode.NoDomain, (await Assert.ThrowsAsync<LibvirtException>(() => again.LookupByNameAsync("p"))).Code);
    }

    [Fact]
    public async Task NameAndUuidConflictsAreRefused()
    {
        await using var root = new DriverRoot();
        var drv = root.Open().Domains;
        await drv.DefineXmlAsync(Xml, 0);
        var renamed = await Assert.ThrowsAsync<LibvirtException>(() => drv.DefineXmlAsync(Xml.Replace("<name>p</name>", "<name>q</name>"), 0));
        Assert.Equal("operation failed: domain 'p' is already defined with uuid 9ccfd97d-5eb4-478a-bbe6-88d254c16db7", renamed.Message);
        var otherUuid = await Assert.ThrowsAsync<LibvirtException>(() => drv.DefineXmlAsync(Xml.Replace("9ccfd97d", "0ccfd97d"), 0));
        Assert.StartsWith("operation failed: domain 'p' already exists with uuid", otherUuid.Message);
        var notRunning = await Assert.ThrowsAsync<LibvirtException>(() => drv.SuspendAsync(drv.LookupByNameAsync("p").Result));
        Assert.Equal("Requested operation is not valid: domain is not running", notRunning.Message);
    }

    [Fact]
    public async Task OnlySystemAndSessionPathsOpen()
    {
        await using var root = new DriverRoot();
        var factory = new QemuDriverFactory(root.Root + "/etc", root.Root + "/lib", root.Root + "/run", root.Root + "/log");
        Assert.Equal("qemu:///session", factory.Open(new Uri("qemu:///session")).Host.Uri);
        var e = Assert.Throws<LibvirtException>(() => factory.Open(new Uri("qemu:///default")));
        Assert.Equal("internal error: unexpected QEMU URI path '/default', try qemu:///system", e.Message);
    }
}
