namespace Vireo.Drivers.Qemu.Tests.Support;

/// <summary>A theory that needs a real qemu-system-x86_64; skipped, with the reason shown, only when QEMU is absent.</summary>
public sealed class QemuTheoryAttribute : TheoryAttribute
{
    public QemuTheoryAttribute()
    {
        if (TestGuest.Emulator is null)
            Skip = "qemu-system-x86_64 is not installed (apt-get install qemu-system-x86): QEMU integration tests skipped";
    }
}
