using Vireo.Drivers.Domains;
using Vireo.Drivers.Qemu.Domains;
using Vireo.Drivers.Qemu.State;
using Vireo.Drivers.Qemu.Tests.CommandLine;
using Vireo.Drivers.Qemu.Tests.Support;
using Vireo.Model.Domain;

namespace Vireo.Drivers.Qemu.Tests.State;

public class DomainStatusFileTests
{
    [Fact]
    public void RoundTripsStatePidMonitorAndTheLiveDefinition()
    {
        using var tmp = new TempDir();
        var live = QemuDomainXml.Parse("<domain type='kvm'><name>s</name><memory>65536</memory><os><type>hvm</type></os></domain>", GoldenArgvTests.Defaults);
        live.Id = 7;
        live.Devices.Memballoon!.Alias = "balloon0";
        var path = tmp.File("s.xml");
        new DomainStatusFile(DomainState.Paused, DomainStateReason.PausedUser, 4242, "/run/vireo/qemu/s.monitor", "tcg", live).Write(path);
        Assert.Empty(Directory.GetFiles(tmp.Path, ".*"));
        var back = DomainStatusFile.Read(path);
        Assert.Equal(DomainState.Paused, back.State);
        Assert.Equal(DomainStateReason.PausedUser, back.Reason);
        Assert.Equal(4242, back.Pid);
        Assert.Equal("/run/vireo/qemu/s.monitor", back.MonitorPath);
        Assert.Equal("tcg", back.Accel);
        Assert.Equal(7, back.Live.Id);
        Assert.Equal(live.ToXml(DomainXmlFormatFlags.Secure), back.Live.ToXml(DomainXmlFormatFlags.Secure));
    }

    [Fact]
    public void ADamagedFileNamesItself()
    {
        using var tmp = new TempDir();
        var path = tmp.File("bad.xml");
        File.WriteAllText(path, "<domstatus state='running'");
        var e = Assert.Throws<InvalidDataException>(() => DomainStatusFile.Read(path));
        Assert.Contains(path, e.Message);
    }
}
