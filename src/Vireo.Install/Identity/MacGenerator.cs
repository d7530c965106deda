using System.Security.Cryptography;

namespace Vireo.Install.Identity;

/// <summary>
/// Random MAC addresses in the hypervisor's vendor range, as the guide's macgen.py (chapter 17.8) and virt-install
/// make them: qemu/KVM 52:54:00:xx:xx:xx, Xen (and libvirt's test driver) 00:16:3e:xx:xx:xx with the first free
/// byte below 0x80 — redrawn until none of <paramref name="inUse"/> has it.
/// </summary>
public static class MacGenerator
{
    public const string QemuPrefix = "52:54:00";
    public const string XenPrefix = "00:16:3e";

    public static string Generate(bool qemu, IReadOnlySet<string> inUse)
    {
        Span<byte> b = stackalloc byte[3];
        for (int attempt = 0; attempt < 256; attempt++)
        {
            RandomNumberGenerator.Fill(b);
            if (!qemu)
                b[0] &= 0x7f;
            var mac = $"{(qemu ? QemuPrefix : XenPrefix)}:{b[0]:x2}:{b[1]:x2}:{b[2]:x2}";
            if (!inUse.Contains(mac))
                return mac;
        }

        throw new InstallException("Failed to generate non-conflicting MAC");
    }
}
