using System.Xml.Linq;
using Vireo.Drivers.Qemu.Domains;
using Vireo.Drivers.Qemu.Host;
using Vireo.Drivers.Qemu.Snapshots;

namespace Vireo.Drivers.Qemu.Tests.Host;

/// <summary>
/// The snapshot cookie from a vCPU's CPUID words. The words are QEMU 7.2's qom-get feature-words for -cpu qemu64
/// under TCG on this host; libvirt 9.0 wrote for the same guest
/// &lt;feature policy='require' name='hypervisor'/&gt; and name='lahf_lm', with &lt;slirpHelper/&gt; (no user NIC).
/// </summary>
public class SnapshotCookieTests
{
    private static readonly CpuidWord[] Qemu64Tcg =
    [
        new(0x80000001, null, "ECX", 5), new(0x80000001, null, "EDX", 563346429),
        new(1, null, "ECX", 2147491841), new(1, null, "EDX", 126614525),
        new(7, 0, "EBX", 0), new(7, 0, "ECX", 0), new(7, 0, "EDX", 0), new(0xd, 1, "EAX", 0),
    ];

    [Fact]
    public void Qemu64UnderTcgRequiresWhatLibvirtRecorded()
    {
        if (!File.Exists(Path.Combine(DomainCapabilitiesCpuMap.DefaultDirectory, "x86_features.xml")))
        {
            Console.WriteLine("skipped: libvirt's cpu_map is not installed (package libvirt-daemon)");
            return;
        }
        var def = QemuDomainXml.Parse("""
            <domain type='qemu'><name>c</name><memory unit='MiB'>64</memory>
              <os><type arch='x86_64' machine='pc'>hvm</type></os></domain>
            """, CommandLine.GoldenArgvTests.Defaults);
        var cookie = SnapshotCookie.Build(def, CpuidFeatures.Decode(Qemu64Tcg), CpuMapModels.Load());
        Assert.Equal("""
            <cookie>
              <cpu mode="custom" match="exact" check="full">
                <model fallback="forbid">qemu64</model>
                <feature policy="require" name="hypervisor" />
                <feature policy="require" name="lahf_lm" />
              </cpu>
              <slirpHelper />
            </cookie>
            """.Replace("\r", ""), cookie.ToString().Replace("\r", ""));
    }
}
