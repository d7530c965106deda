using System.Diagnostics;
using Vireo.Drivers.Qemu.Supervision;
using Vireo.Drivers.Qemu.Tests.Support;
using Xunit.Abstractions;
using Vireo.Host;

namespace Vireo.Drivers.Qemu.Tests.Guest;

/// <summary>The test guest boots under plain QEMU with TCG and prints its marker; the KVM probe answers within its deadline.</summary>
[Trait("Category", "Integration")]
[Collection(QemuCollection.Name)]
public class GuestBootTests(ITestOutputHelper output)
{
    [QemuFact]
    public async Task BootsUnderTcgAndPrintsTheReadyMarker()
    {
        using var tmp = new TempDir();
        var serial = tmp.File("serial.log");
        var psi = new ProcessStartInfo(TestGuest.Emulator!) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in new[]
        {
            "-accel", "tcg", "-m", "256", "-display", "none", "-nodefaults", "-no-user-config", "-serial", "file:" + serial,
            "-kernel", TestGuest.Kernel, "-initrd", TestGuest.Initrd, "-append", "console=ttyS0",
            "-drive", "file=" + TestGuest.Initrd + ",format=raw,if=virtio,readonly=on",
            "-netdev", "user,id=n0", "-device", "virtio-net-pci,netdev=n0,mac=52:54:00:00:00:42",
        })
            psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        try
        {
            await TestGuest.WaitForAsync(serial, TestGuest.Ready, TimeSpan.FromSeconds(45));
            var log = TestGuest.ReadShared(serial);
            Assert.Contains("VIREO-DISK vda", log);
            Assert.Contains("VIREO-NIC eth0 52:54:00:00:00:42", log);
            Assert.Contains("VIREO-ACPI event", log);
            await TestGuest.WaitForAsync(serial, "VIREO-COUNTER 1", TimeSpan.FromSeconds(10));
        }
        finally
        {
            p.Kill();
            await p.WaitForExitAsync();
        }
    }

    [QemuFact]
    public async Task KvmProbeAnswersWithinItsDeadline()
    {
        var deadline = TimeSpan.FromSeconds(10);
        var (kernel, initrd) = (TestGuest.Kernel, TestGuest.Initrd);
        var result = await KvmProbe.ProbeAsync(TestGuest.Emulator!, kernel, initrd, deadline);
        output.WriteLine($"KVM usable: {result.Usable} — {result.Reason}");
        Assert.False(string.IsNullOrEmpty(result.Reason));
    }
}
