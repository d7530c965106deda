using System.Text.Json;
using System.Text.RegularExpressions;
using Vireo.Drivers.Domains;
using Vireo.Drivers.Qemu.Tests.Support;
using Vireo.Protocol.Errors;

namespace Vireo.Drivers.Qemu.Tests.Domains;

/// <summary>
/// SPICE next to VNC on one paused QEMU (no guest boot needed): both take ports from the one autoport range, the live
/// XML shows SPICE's, QEMU's own query-spice (through qemu-monitor-command, as `virsh qemu-monitor-command` sends
/// it) reports the server listening there with password authentication, and update-device changes the password
/// but refuses a port change.
/// </summary>
[Trait("Category", "Integration")]
[Collection(QemuCollection.Name)]
public partial class QemuSpiceTests
{
    [QemuFact]
    public async Task SpiceListensOnItsAutoportWithAPassword()
    {
        await using var root = new DriverRoot();
        var drv = root.Open().Domains;
        var dom = await drv.DefineXmlAsync("""
            <domain type='qemu'>
              <name>spicy</name>
              <memory unit='MiB'>64</memory>
              <os><type arch='x86_64' machine='pc'>hvm</type></os>
              <devices>
                <graphics type='vnc' autoport='yes'/>
                <graphics type='spice' autoport='yes' listen='127.0.0.1' passwd='s3cret'/>
              </devices>
            </domain>
            """, 0);
        dom = await drv.CreateAsync(dom, 1); // paused
        try
        {
            var live = await drv.GetXmlDescAsync(dom, 0);
            int vnc = int.Parse(VncPort().Match(live).Groups[1].Value);
            int spice = int.Parse(SpicePort().Match(live).Groups[1].Value);
            Assert.NotEqual(vnc, spice);
            Assert.InRange(spice, 5900, 65535);
            Assert.DoesNotContain("s3cret", live); // only with --security-info

            using var reply = JsonDocument.Parse(await drv.QemuMonitorCommandAsync(dom, """{"execute":"query-spice"}""", 0));
            var info = reply.RootElement.GetProperty("return");
            Assert.True(info.GetProperty("enabled").GetBoolean());
            Assert.Equal(spice, info.GetProperty("port").GetInt32());
            Assert.Equal("127.0.0.1", info.GetProperty("host").GetString());
            Assert.Equal("spice", info.GetProperty("auth").GetString());
            using var vncReply = JsonDocument.Parse(await drv.QemuMonitorCommandAsync(dom, """{"execute":"query-vnc"}""", 0));
            Assert.Equal(vnc.ToString(), vncReply.RootElement.GetProperty("return").GetProperty("service").GetString());

            await drv.UpdateDeviceFlagsAsync(dom, "<graphics type='spice' passwd='n3w'/>", DomainFlags.AffectLive);
            Assert.Contains("passwd='n3w'", await drv.GetXmlDescAsync(dom, DomainFlags.XmlSecure));
            var port = await Assert.ThrowsAsync<LibvirtException>(() =>
                drv.UpdateDeviceFlagsAsync(dom, $"<graphics type='spice' port='{spice + 1}' autoport='no' passwd='x'/>", DomainFlags.AffectLive));
            Assert.Equal(ErrorCode.InvalidArg, port.Code);
            Assert.Contains("passwd='n3w'", await drv.GetXmlDescAsync(dom, DomainFlags.XmlSecure));
        }
        finally
        {
            await drv.DestroyAsync(dom, 0);
        }
    }

    [GeneratedRegex("<graphics type='vnc' port='(\\d+)'")]
    private static partial Regex VncPort();

    [GeneratedRegex("<graphics type='spice' port='(\\d+)'")]
    private static partial Regex SpicePort();
}
