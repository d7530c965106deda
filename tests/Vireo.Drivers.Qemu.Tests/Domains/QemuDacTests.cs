using Vireo.Drivers.Qemu.Security;
using Vireo.Drivers.Qemu.Tests.Support;

namespace Vireo.Drivers.Qemu.Tests.Domains;

/// <summary>
/// libvirt's DAC model from qemu.conf (<c>user</c>, <c>group</c>, <c>dynamic_ownership</c>): a TCG guest runs as
/// nobody:nogroup (its /proc status says so and it boots), its disk image belongs to that user while it runs, and
/// after destroy the image has its original owner back.
/// </summary>
[Trait("Category", "Integration")]
[Collection(QemuCollection.Name)]
public class QemuDacTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(120);

    private static string StatusLine(int pid, string key) =>
        File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith(key + ":", StringComparison.Ordinal));

    [RootQemuFact]
    public async Task GuestRunsAsTheConfiguredUserAndTheImageGetsItsOwnerBack()
    {
        await using var root = new DriverRoot();
        Directory.CreateDirectory(Path.Combine(root.Root, "etc"));
        File.WriteAllText(Path.Combine(root.Root, "etc", "qemu.conf"), "user = \"nobody\"\ngroup = \"nogroup\"\ndynamic_ownership = 1\n");
        var xml = root.GuestXml("dac");
        var image = Path.Combine(root.Root, "dac.img");
        FileOwner.Set(image, 1234, 2345); // an owner that is neither root nor nobody, to see it come back
        var drv = root.Open().Domains;
        var dom = await drv.DefineXmlAsync(xml, 0);
        dom = await drv.CreateAsync(dom, 0);

        int pid = int.Parse(File.ReadAllText(Path.Combine(root.Root, "run", "qemu", "dac.pid")).Trim());
        Assert.Equal("Uid:\t65534\t65534\t65534\t65534", StatusLine(pid, "Uid"));
        Assert.Equal("Gid:\t65534\t65534\t65534\t65534", StatusLine(pid, "Gid"));
        Assert.Equal((65534, 65534), FileOwner.Get(image));
        await TestGuest.WaitForAsync(root.SerialLog("dac"), TestGuest.Ready, Deadline); // the guest really runs as nobody

        await drv.DestroyAsync(dom, 0);
        Assert.Equal((1234, 2345), FileOwner.Get(image));
        Assert.False(File.Exists(Path.Combine(root.Root, "run", "qemu", "dac.owners")));
    }

    [Fact]
    public void NamesAndNumbersResolveAsLibvirtTakesThem()
    {
        Assert.Null(QemuRunAs.Resolve(new QemuConf()));
        Assert.Equal((65534, 65534), QemuRunAs.Resolve(new QemuConf { User = "nobody" }));
        Assert.Equal((65534, 0), QemuRunAs.Resolve(new QemuConf { User = "nobody", Group = "root" }));
        Assert.Equal((4321, 99), QemuRunAs.Resolve(new QemuConf { User = "+4321", Group = "+99" }));
        var e = Assert.Throws<Vireo.Protocol.Errors.LibvirtException>(() => QemuRunAs.Resolve(new QemuConf { User = "no-such-user-here" }));
        Assert.Contains("Failed to parse user 'no-such-user-here'", e.Message);
    }
}
