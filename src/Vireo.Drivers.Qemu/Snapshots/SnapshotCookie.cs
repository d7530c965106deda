using System.Xml.Linq;
using Vireo.Drivers.Qemu.Host;
using Vireo.Model.Domain;

namespace Vireo.Drivers.Qemu.Snapshots;

/// <summary>
/// The &lt;cookie&gt; libvirt 9.0 stores in the XML of a snapshot taken while the domain runs (qemuDomainSaveCookie):
/// the guest CPU as QEMU really runs it — the custom model with check='full' and, per CPUID feature, 'require' for
/// what the vCPU has beyond the model and 'disable' for what the model has but the vCPU lacks — so a revert can
/// check the CPU; then &lt;slirpHelper/&gt; when no interface uses QEMU's built-in user networking.
/// </summary>
internal static class SnapshotCookie
{
    /// <summary>libvirt's x86 guest CPU when the definition names none.</summary>
    public const string DefaultModel = "qemu64";

    public static XElement Build(DomainDefinition live, IReadOnlyList<(string Name, bool On)> cpuid, IReadOnlyList<CpuMapModel> models)
    {
        var cookie = new XElement("cookie");
        if ((live.Cpu?.Mode ?? "custom") == "custom" && cpuid.Count > 0)
        {
            var modelName = live.Cpu?.Model ?? DefaultModel;
            var modelFeatures = models.FirstOrDefault(m => m.Name == modelName)?.Features ?? new HashSet<string>();
            var cpu = new XElement("cpu", new XAttribute("mode", "custom"), new XAttribute("match", live.Cpu?.Match ?? "exact"), new XAttribute("check", "full"),
                new XElement("model", new XAttribute("fallback", live.Cpu?.ModelFallback ?? "forbid"), modelName));
            foreach (var (name, on) in cpuid)
            {
                bool inModel = modelFeatures.Contains(name);
                if (on && !inModel)
                    cpu.Add(Feature("require", name));
                else if (!on && inModel)
                    cpu.Add(Feature("disable", name));
            }
            cookie.Add(cpu);
        }
        if (!live.Devices.Interfaces.Any(n => n.Type == "user"))
            cookie.Add(new XElement("slirpHelper"));
        return cookie;
    }

    private static XElement Feature(string policy, string name) => new("feature", new XAttribute("policy", policy), new XAttribute("name", name));
}
