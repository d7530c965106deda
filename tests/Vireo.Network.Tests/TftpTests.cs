using Vireo.Network.Tests.Support;

namespace Vireo.Network.Tests;

/// <summary>PXE's serving side: a network with &lt;tftp root&gt; and &lt;bootp file&gt; serves the boot file over TFTP.</summary>
public class TftpTests
{
    [NetnsFact]
    public async Task NetworkWithTftpRootServesTheBootFile()
    {
        using var host = new NetworkHost();
        var tftp = Path.Combine(host.Root, "tftp");
        Directory.CreateDirectory(tftp);
        var boot = "vireo-boot-" + Guid.NewGuid().ToString("N");
        File.WriteAllText(Path.Combine(tftp, "pxelinux.0"), boot);
        var driver = await host.StartDriverAsync(autostart: false);
        await driver.CreateXmlAsync($"""
            <network>
              <name>pxe</name>
              <forward mode='nat'/>
              <bridge name='vbrpxe'/>
              <ip address='192.168.210.1' netmask='255.255.255.0'>
                <tftp root='{tftp}'/>
                <dhcp>
                  <range start='192.168.210.10' end='192.168.210.20'/>
                  <bootp file='pxelinux.0'/>
                </dhcp>
              </ip>
            </network>
            """, 0);
        var g = host.Guest("vbrpxe", "52:54:00:00:04:01");
        Assert.Equal(0, g.Dhcp().Code);
        var got = g.Ns.TryRun("busybox", "tftp", "-g", "-r", "pxelinux.0", "-l", "/dev/stdout", "192.168.210.1");
        Assert.True(got.Code == 0, got.Err);
        Assert.Equal(boot, got.Out);
    }
}
