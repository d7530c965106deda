using System.Xml.Linq;
using Vireo.Drivers.Qemu.Host;
using Vireo.Drivers.Qemu.Qmp;
using Vireo.Drivers.Qemu.Snapshots;
using Vireo.Model.Domain;

namespace Vireo.Drivers.Qemu.Domains;

public sealed partial class QemuDomainDriver
{
    /// <summary>The &lt;cookie&gt; for a snapshot of a running domain: its vCPU's CPUID features read from QEMU, against libvirt's cpu_map.</summary>
    private static async Task<XElement> SnapshotCookieAsync(DomainDefinition live, QmpClient qmp)
    {
        var words = await qmp.QueryCpuidWordsAsync().ConfigureAwait(false);
        return SnapshotCookie.Build(live, CpuidFeatures.Decode(words), CpuMapModels.Load());
    }
}
