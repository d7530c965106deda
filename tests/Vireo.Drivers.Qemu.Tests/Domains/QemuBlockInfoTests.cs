using System.Diagnostics;
using System.Text.Json;
using Vireo.Protocol.Errors;

namespace Vireo.Drivers.Qemu.Tests.Domains;

/// <summary>domblkinfo of a shut-off domain, compared with what the real qemu-img reports for the same files (no QEMU run).</summary>
public class QemuBlockInfoTests
{
    [Fact]
    public async Task SizesMatchQemuImgForQcow2AndRawDisks()
    {
        await using var root = new DriverRoot();
        var qcow2 = Path.Combine(root.Root, "a.qcow2");
        var raw = Path.Combine(root.Root, "b.raw");
        QemuImg("create", "-q", "-f", "qcow2", qcow2, "64M");
        QemuImg("create", "-q", "-f", "raw", raw, "8M");
        var drv = root.Open(autostart: false).Domains;
        var dom = await drv.DefineXmlAsync($"""
            <domain type='qemu'><name>bi</name><memory>65536</memory><os><type>hvm</type></os>
              <devices>
                <disk type='file' device='disk'><driver name='qemu' type='qcow2'/><source file='{qcow2}'/><target dev='vda' bus='virtio'/></disk>
                <disk type='file' device='disk'><driver name='qemu' type='raw'/><source file='{raw}'/><target dev='vdb' bus='virtio'/></disk>
              </devices>
            </domain>
            """, 0);

        foreach (var (target, file) in new[] { ("vda", qcow2), ("vdb", raw) })
        {
            using var info = JsonDocument.Parse(QemuImg("info", "--output=json", file));
            var expected = (Capacity: info.RootElement.GetProperty("virtual-size").GetUInt64(),
                Allocation: info.RootElement.GetProperty("actual-size").GetUInt64(), Physical: (ulong)new FileInfo(file).Length);
            var byTarget = await drv.GetBlockInfoAsync(dom, target, 0);
            Assert.Equal(expected, (byTarget.Capacity, byTarget.Allocation, byTarget.Physical));
            Assert.Equal(byTarget, await drv.GetBlockInfoAsync(dom, file, 0));
        }
        // A qcow2's guest size is its header's, not the small file's.
        Assert.Equal(64UL << 20, (await drv.GetBlockInfoAsync(dom, "vda", 0)).Capacity);
        Assert.True((await drv.GetBlockInfoAsync(dom, "vda", 0)).Physical < 64UL << 20);

        var missing = await Assert.ThrowsAsync<LibvirtException>(() => drv.GetBlockInfoAsync(dom, "vdz", 0));
        Assert.Equal(ErrorCode.InvalidArg, missing.Code);
        Assert.Equal("invalid argument: invalid path: vdz", missing.Message);
    }

    private static string QemuImg(params string[] args)
    {
        var psi = new ProcessStartInfo("qemu-img") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args)
            psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var err = p.StandardError.ReadToEndAsync();
        var output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, $"qemu-img {string.Join(' ', args)} failed: {err.Result}");
        return output;
    }
}
