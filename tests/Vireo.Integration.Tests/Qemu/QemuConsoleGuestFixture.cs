using System.Diagnostics;
using Vireo.Integration.Tests.Fixtures;
using Vireo.Integration.Tests.Infrastructure;

namespace Vireo.Integration.Tests.Qemu;

/// <summary>
/// vireod with one running TCG test guest (kernel + busybox initramfs from tests/guest/build.sh) whose serial
/// console is a pty and which has a VGA adapter: shared by the console and screenshot tests, so the suite boots
/// one guest for all of them. Null <see cref="SkipReason"/> means the guest is running.
/// </summary>
public sealed class QemuConsoleGuestFixture : VireodFixture, IDisposable
{
    public const string Domain = "vireo-console";

    public QemuConsoleGuestFixture()
    {
        if (!File.Exists("/usr/bin/qemu-system-x86_64"))
        {
            SkipReason = "qemu-system-x86_64 is not installed";
            return;
        }
        try
        {
            StartGuest();
        }
        catch
        {
            base.Dispose();
            throw;
        }
    }

    private void StartGuest()
    {
        var (kernel, initrd) = BuildGuest();
        var xml = Path.Combine(WorkDir, Domain + ".xml");
        File.WriteAllText(xml, $"""
            <domain type='qemu'>
              <name>{Domain}</name>
              <memory unit='MiB'>160</memory>
              <vcpu>1</vcpu>
              <os>
                <type arch='x86_64' machine='pc'>hvm</type>
                <kernel>{kernel}</kernel>
                <initrd>{initrd}</initrd>
                <cmdline>console=ttyS0</cmdline>
              </os>
              <devices>
                <serial type='pty'><target port='0'/></serial>
                <console type='pty'><target type='serial' port='0'/></console>
                <video><model type='vga'/></video>
              </devices>
            </domain>
            """);
        Virsh("define", xml);
        Virsh("start", Domain);
        // Read the console from the very start, so the boot's ready marker is seen (a pty drops output nobody reads).
        Boot = ProcessRunner.Python(File.ReadAllText(Script("console_python.py")), [QemuUri, Domain], TimeSpan.FromSeconds(120));
    }

    /// <summary>Why the tests cannot run here, or null.</summary>
    public string? SkipReason { get; }

    /// <summary>What python-libvirt read from the console while the guest booted.</summary>
    public ProcessResult? Boot { get; private set; }

    public static string Script(string name) => Path.Combine(RepoPaths.TestProjectDir, "Qemu", name);

    public ProcessResult Virsh(params string[] args)
    {
        var r = ProcessRunner.Virsh(QemuUri, args, TimeSpan.FromSeconds(60), mergeStderr: true);
        if (!r.Succeeded)
            throw new InvalidOperationException($"virsh {string.Join(' ', args)} failed:\n{r}\n{Describe()}");
        return r;
    }

    private static (string Kernel, string Initrd) BuildGuest()
    {
        var psi = new ProcessStartInfo("/bin/bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add(Path.Combine(RepoPaths.Root, "tests", "guest", "build.sh"));
        using var p = Process.Start(psi)!;
        var stderr = p.StandardError.ReadToEndAsync();
        var stdout = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0)
            throw new InvalidOperationException("tests/guest/build.sh failed: " + stderr.Result);
        var dir = stdout.Trim().Split('\n').Last().Trim();
        return (Path.Combine(dir, "vmlinuz"), Path.Combine(dir, "initrd.img"));
    }

    public new void Dispose()
    {
        if (SkipReason is null)
            ProcessRunner.Virsh(QemuUri, ["destroy", Domain], TimeSpan.FromSeconds(30));
        base.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class QemuConsoleGuestCollection : ICollectionFixture<QemuConsoleGuestFixture>
{
    public const string Name = "qemu console guest";
}
