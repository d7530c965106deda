namespace Vireo.Drivers.Qemu.Tests.Support;

/// <summary>A fact that needs QEMU and root (it changes file owners and QEMU's uid); skipped, with the reason, otherwise.</summary>
public sealed class RootQemuFactAttribute : FactAttribute
{
    public RootQemuFactAttribute()
    {
        if (TestGuest.Emulator is null)
            Skip = "qemu-system-x86_64 is not installed (apt-get install qemu-system-x86): QEMU integration tests skipped";
        else if (File.ReadLines("/proc/self/status").First(l => l.StartsWith("Uid:", StringComparison.Ordinal)).Split('\t')[1] != "0")
            Skip = "not root: running QEMU as another user and changing image owners needs root";
    }
}
