using System.Text;
using System.Xml.Linq;
using Vireo.Model.Xml;

namespace Vireo.Model.Capabilities;

/// <summary>The hypervisor capabilities document (virsh capabilities), formatted exactly as libvirt 9.0 does.</summary>
public sealed class CapabilitiesDefinition
{
    /// <summary>Host description.</summary>
    public CapabilitiesHost Host { get; set; } = new();

    /// <summary>Guests the hypervisor can run.</summary>
    public List<CapabilitiesGuest> Guests { get; } = [];

    /// <summary>The first guest for an OS type (and arch, if given): what libvirt uses to default &lt;type arch=&gt;.</summary>
    public CapabilitiesGuest? FindGuest(string osType, string? arch = null, string? domainType = null) =>
        Guests.FirstOrDefault(g => g.OsType == osType && (arch is null || g.Arch == arch)
            && (domainType is null || g.Domains.Any(d => d.Type == domainType)));

    /// <summary>Formats as libvirt does: blank lines around &lt;host&gt; and each &lt;guest&gt;; ends with a newline.</summary>
    public string ToXml()
    {
        var sb = new StringBuilder("<capabilities>\n\n");
        LibvirtXmlWriter.WriteElement(sb, HostElement(), 2);
        sb.Append('\n');
        foreach (var g in Guests)
        {
            LibvirtXmlWriter.WriteElement(sb, GuestElement(g), 2);
            sb.Append('\n');
        }
        sb.Append("</capabilities>\n");
        return sb.ToString();
    }

    private XElement HostElement()
    {
        var h = Host;
        var host = new XElement("host");
        if (h.Uuid is { } uuid)
            host.Add(new XElement("uuid", Identity.Uuid.Format(uuid)));
        var cpu = new XElement("cpu", new XElement("arch", h.Arch));
        if (h.CpuModel is not null)
            cpu.Add(new XElement("model", h.CpuModel));
        if (h.CpuVendor is not null)
            cpu.Add(new XElement("vendor", h.CpuVendor));
        if (h.CpuTopology is { } t)
            cpu.Add(new XElement("topology", new XAttribute("sockets", t.Sockets), new XAttribute("dies", t.Dies),
                new XAttribute("cores", t.Cores), new XAttribute("threads", t.Threads)));
        if (h.Features.Count > 0)
            cpu.Add(new XElement("features", h.Features.Select(f => new XElement(f))));
        foreach (var f in h.CpuFeatures)
            cpu.Add(new XElement("feature", new XAttribute("name", f)));
        foreach (var p in h.Pages)
            cpu.Add(new XElement("pages", new XAttribute("unit", "KiB"), new XAttribute("size", p.SizeKiB)));
        host.Add(cpu);
        host.Add(new XElement("power_management", h.PowerManagement.Select(p => new XElement(p))));
        host.Add(new XElement("iommu", new XAttribute("support", h.Iommu ? "yes" : "no")));
        if (h.LiveMigration)
        {
            var mig = new XElement("migration_features", new XElement("live"));
            if (h.MigrationTransports.Count > 0)
                mig.Add(new XElement("uri_transports", h.MigrationTransports.Select(t => new XElement("uri_transport", t))));
            host.Add(mig);
        }
        if (h.Cells.Count > 0)
        {
            var cells = new XElement("cells", new XAttribute("num", h.Cells.Count));
            foreach (var c in h.Cells)
            {
                var cell = new XElement("cell", new XAttribute("id", c.Id), new XElement("memory", new XAttribute("unit", "KiB"), c.MemoryKiB));
                foreach (var p in c.Pages)
                    cell.Add(new XElement("pages", new XAttribute("unit", "KiB"), new XAttribute("size", p.SizeKiB), p.Count ?? 0));
                cell.Add(new XElement("cpus", new XAttribute("num", c.Cpus.Count), c.Cpus.Select(x => new XElement("cpu",
                    new XAttribute("id", x.Id), new XAttribute("socket_id", x.SocketId), new XAttribute("die_id", x.DieId),
                    new XAttribute("core_id", x.CoreId), new XAttribute("siblings", x.Siblings)))));
                cells.Add(cell);
            }
            host.Add(new XElement("topology", cells));
        }
        foreach (var s in h.SecModels)
        {
            var sec = new XElement("secmodel", new XElement("model", s.Model), new XElement("doi", s.Doi));
            foreach (var (type, label) in s.BaseLabels)
                sec.Add(new XElement("baselabel", new XAttribute("type", type), label));
            host.Add(sec);
        }
        return host;
    }

    private static XElement GuestElement(CapabilitiesGuest g)
    {
        var arch = new XElement("arch", new XAttribute("name", g.Arch), new XElement("wordsize", g.WordSize));
        if (g.Emulator is not null)
            arch.Add(new XElement("emulator", g.Emulator));
        if (g.Loader is not null)
            arch.Add(new XElement("loader", g.Loader));
        arch.Add(g.Machines.Select(Machine));
        foreach (var d in g.Domains)
        {
            var de = new XElement("domain", new XAttribute("type", d.Type));
            if (d.Emulator is not null)
                de.Add(new XElement("emulator", d.Emulator));
            de.Add(d.Machines.Select(Machine));
            arch.Add(de);
        }
        var guest = new XElement("guest", new XElement("os_type", g.OsType), arch);
        if (g.Features.Count > 0)
            guest.Add(new XElement("features", g.Features.Select(f => new XElement(f.Name,
                f.Default is null ? null : new XAttribute("default", f.Default),
                f.Toggle is null ? null : new XAttribute("toggle", f.Toggle)))));
        return guest;
    }

    private static XElement Machine(CapabilitiesMachine m) => new("machine",
        m.Canonical is null ? null : new XAttribute("canonical", m.Canonical),
        m.MaxCpus is null ? null : new XAttribute("maxCpus", m.MaxCpus),
        m.Deprecated ? new XAttribute("deprecated", "yes") : null,
        m.Name);

    /// <summary>The capabilities of libvirt's test driver (test:///default), exactly as libvirt 9.0 reports them.</summary>
    public static CapabilitiesDefinition TestDriver()
    {
        var caps = new CapabilitiesDefinition();
        var h = caps.Host;
        h.Arch = "i686";
        h.Features.AddRange(["pae", "nonpae"]);
        foreach (var size in new ulong[] { 4, 8, 2048, 1048576 })
            h.Pages.Add(new CapabilitiesPage(size));
        for (int cellId = 0; cellId < 2; cellId++)
        {
            var cell = new CapabilitiesCell { Id = cellId, MemoryKiB = cellId == 0 ? 2097152UL : 4194304UL };
            cell.Pages.Add(new CapabilitiesPage(cellId == 0 ? 4UL : 8UL, 524288));
            cell.Pages.Add(new CapabilitiesPage(2048, 0));
            cell.Pages.Add(new CapabilitiesPage(1048576, 0));
            for (int i = 0; i < 8; i++)
            {
                int id = cellId * 8 + i;
                cell.Cpus.Add(new CapabilitiesCellCpu(id, cellId, 0, i, id.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            }
            h.Cells.Add(cell);
        }
        h.SecModels.Add(new CapabilitiesSecModel { Model = "testSecurity", Doi = "" });
        foreach (var os in new[] { "hvm", "xen" })
        {
            var g = new CapabilitiesGuest { OsType = os, Arch = "i686", WordSize = 32, Emulator = "/usr/bin/test-hv" };
            g.Domains.Add(new CapabilitiesGuestDomain { Type = "test" });
            g.Features.Add(new CapabilitiesGuestFeature("pae"));
            g.Features.Add(new CapabilitiesGuestFeature("nonpae"));
            caps.Guests.Add(g);
        }
        return caps;
    }
}
