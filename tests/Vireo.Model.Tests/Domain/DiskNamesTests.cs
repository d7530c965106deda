using Vireo.Model.Domain.Devices;

namespace Vireo.Model.Tests.Domain;

public class DiskNamesTests
{
    [Theory]
    [InlineData("vda", 0)]
    [InlineData("hdc", 2)]
    [InlineData("sdz", 25)]
    [InlineData("sdaa", 26)]
    [InlineData("sdab", 27)]
    [InlineData("sdba", 52)]
    [InlineData("xvda1", 0)]
    [InlineData("fdb", 1)]
    [InlineData("nvme0", -1)]
    [InlineData("vda-x", -1)]
    public void IndexIsLibvirts(string name, int index) => Assert.Equal(index, DiskNames.ToIndex(name));

    [Theory]
    [InlineData("hda", "ide")]
    [InlineData("sdb", "scsi")]
    [InlineData("vdc", "virtio")]
    [InlineData("xvda", "xen")]
    [InlineData("fda", "fdc")]
    [InlineData("ubda", "uml")]
    public void BusFollowsThePrefix(string name, string bus) => Assert.Equal(bus, DiskNames.DefaultBus(name, "hvm"));
}
