using System.Xml.Linq;
using Vireo.Integration.Tests.Fixtures;
using Vireo.Integration.Tests.Infrastructure;

namespace Vireo.Integration.Tests.Qemu;

/// <summary>
/// virsh capabilities through vireod's qemu driver against the real libvirtd's qemu driver on this machine: the
/// host CPU (model, vendor, microcode, signature, topology, address bits, page sizes, features) and the NUMA
/// cells (memory, page pools, distances, CPUs with socket/die/core/siblings) must be what libvirt reports.
/// </summary>
[Trait("Category", "Integration")]
public sealed class CapabilitiesCompatTests : IClassFixture<VireodFixture>, IClassFixture<LibvirtdQemuFixture>
{
    private readonly VireodFixture _vireod;
    private readonly LibvirtdQemuFixture _libvirtd;

    public CapabilitiesCompatTests(VireodFixture vireod, LibvirtdQemuFixture libvirtd)
    {
        _vireod = vireod;
        _libvirtd = libvirtd;
    }

    [Fact]
    public void HostCpuAndNumaCellsMatchLibvirtd()
    {
        if (_libvirtd.Unavailable is { } why)
        {
            Console.WriteLine("skipped: " + why);
            return;
        }
        var ours = Capabilities(_vireod.QemuUri).Element("host")!;
        var theirs = Capabilities(_libvirtd.Uri).Element("host")!;

        Assert.True(Guid.TryParse(ours.Element("uuid")?.Value, out _), "host uuid: " + ours.Element("uuid"));
        var (oc, tc) = (ours.Element("cpu")!, theirs.Element("cpu")!);
        foreach (var name in new[] { "arch", "model", "vendor" })
            Assert.Equal(tc.Element(name)?.Value, oc.Element(name)?.Value);
        foreach (var name in new[] { "microcode", "signature", "topology", "maxphysaddr" })
            Assert.Equal(Attrs(tc.Element(name)), Attrs(oc.Element(name)));
        Assert.Equal(tc.Elements("pages").Select(Attrs), oc.Elements("pages").Select(Attrs));

        // Features beyond the model: ours come from /proc/cpuinfo, libvirt's from CPUID. Linux does not show a few
        // CPUID bits (osxsave, the AMD spec-ctrl aliases), so ours must be libvirt's minus at most a handful.
        var ourFeatures = oc.Elements("feature").Select(f => f.Attribute("name")!.Value).ToList();
        var theirFeatures = tc.Elements("feature").Select(f => f.Attribute("name")!.Value).ToList();
        Assert.Empty(ourFeatures.Except(theirFeatures));
        var missing = theirFeatures.Except(ourFeatures).ToList();
        Assert.True(missing.Count <= Math.Max(6, theirFeatures.Count / 10), "features libvirt lists and we do not: " + string.Join(' ', missing));

        // NUMA: the same cells, memory, page pools, distances and CPUs.
        var ourCells = ours.Element("topology")!.Element("cells")!;
        var theirCells = theirs.Element("topology")!.Element("cells")!;
        Assert.Equal(theirCells.Attribute("num")!.Value, ourCells.Attribute("num")!.Value);
        foreach (var (o, t) in ourCells.Elements("cell").Zip(theirCells.Elements("cell")))
        {
            Assert.Equal(t.Attribute("id")!.Value, o.Attribute("id")!.Value);
            Assert.Equal(t.Element("memory")!.Value, o.Element("memory")!.Value);
            Assert.Equal(t.Elements("pages").Select(p => Attrs(p) + "=" + p.Value), o.Elements("pages").Select(p => Attrs(p) + "=" + p.Value));
            Assert.Equal(t.Element("distances")!.Elements().Select(Attrs), o.Element("distances")!.Elements().Select(Attrs));
            Assert.Equal(Attrs(t.Element("cpus")), Attrs(o.Element("cpus")));
            Assert.Equal(t.Element("cpus")!.Elements().Select(Attrs), o.Element("cpus")!.Elements().Select(Attrs));
        }
        // Element order within <host> follows libvirt's for the elements both have.
        var ourOrder = ours.Elements().Select(e => e.Name.LocalName).ToList();
        var common = theirs.Elements().Select(e => e.Name.LocalName).Where(ourOrder.Contains).ToList();
        Assert.Equal(common, ourOrder.Where(common.Contains));

        // Vireo's addition: what running guests have committed (none here), against the host's RAM and CPUs.
        var committed = ours.Element("committed")!;
        Assert.Equal("0", committed.Element("domains")!.Value);
        var memTotal = System.Text.RegularExpressions.Regex.Match(File.ReadAllText("/proc/meminfo"), @"MemTotal:\s*(\d+)").Groups[1].Value;
        Assert.Equal(memTotal, committed.Element("memory")!.Attribute("ram")!.Value);
        Assert.Equal(Environment.ProcessorCount.ToString(), committed.Element("vcpus")!.Attribute("cpus")!.Value);
    }

    private static XElement Capabilities(string uri)
    {
        // The first call makes libvirtd probe the emulator, which takes a while on a loaded machine.
        var r = ProcessRunner.Virsh(uri, ["capabilities"], TimeSpan.FromSeconds(240));
        Assert.True(r.Succeeded, r.ToString());
        return XDocument.Parse(r.Stdout).Root!;
    }

    private static string Attrs(XElement? e) =>
        e is null ? "(none)" : e.Name.LocalName + ":" + string.Join(",", e.Attributes().Select(a => a.Name.LocalName + "=" + a.Value));
}
