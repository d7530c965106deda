using System.Xml.Linq;
using Vireo.Model.Xml;

namespace Vireo.Model.Domain;

/// <summary>The guest &lt;cpu&gt;: mode, match, model and topology; features and NUMA cells are kept verbatim.</summary>
public sealed class DomainCpu : ModelElement
{
    /// <summary>CPU modes.</summary>
    public static readonly string[] Modes = ["custom", "host-model", "host-passthrough", "maximum"];
    /// <summary>Match policies.</summary>
    public static readonly string[] Matches = ["minimum", "exact", "strict"];

    /// <summary>custom, host-model, host-passthrough or maximum.</summary>
    public string? Mode { get; set; }

    /// <summary>minimum, exact or strict (custom mode).</summary>
    public string? Match { get; set; }

    /// <summary>none, partial or full.</summary>
    public string? Check { get; set; }

    /// <summary>Named CPU model, e.g. core2duo.</summary>
    public string? Model { get; set; }

    /// <summary>&lt;model fallback=&gt;: allow or forbid.</summary>
    public string? ModelFallback { get; set; }

    /// <summary>CPU vendor, e.g. Intel.</summary>
    public string? Vendor { get; set; }

    /// <summary>Sockets in the topology (null when no &lt;topology&gt;).</summary>
    public uint? Sockets { get; set; }

    /// <summary>Dies per socket.</summary>
    public uint? Dies { get; set; }

    /// <summary>Cores per die.</summary>
    public uint? Cores { get; set; }

    /// <summary>Threads per core.</summary>
    public uint? Threads { get; set; }

    /// <summary>Other &lt;model&gt; attributes (vendor_id).</summary>
    public Dictionary<string, string> ModelExtra { get; } = new(StringComparer.Ordinal);

    internal static DomainCpu Parse(XElement e)
    {
        var r = new ElementReader(e, DomainSchema.Cpu);
        var cpu = new DomainCpu
        {
            Mode = r.Enum("mode", Modes),
            Match = r.Enum("match", Matches),
            Check = r.Enum("check", ["none", "partial", "full"]),
        };
        if (r.Child("model") is { } m)
        {
            var mr = new ElementReader(m, DomainSchema.CpuModel);
            cpu.Model = m.Value;
            cpu.ModelFallback = mr.Enum("fallback", ["allow", "forbid"]);
            foreach (var (k, v) in mr.LeftoverAttributes())
                cpu.ModelExtra[k] = v;
        }
        cpu.Vendor = r.ChildText("vendor");
        if (r.Child("topology") is { } t)
        {
            var tr = new ElementReader(t, DomainSchema.CpuTopology);
            cpu.Sockets = tr.UInt("sockets") ?? throw XmlModelException.Xml("Missing 'sockets' attribute in CPU topology");
            cpu.Dies = tr.UInt("dies") ?? 1;
            cpu.Cores = tr.UInt("cores") ?? throw XmlModelException.Xml("Missing 'cores' attribute in CPU topology");
            cpu.Threads = tr.UInt("threads") ?? throw XmlModelException.Xml("Missing 'threads' attribute in CPU topology");
            if (cpu.Sockets == 0 || cpu.Dies == 0 || cpu.Cores == 0 || cpu.Threads == 0)
                throw XmlModelException.Xml("Invalid CPU topology");
        }
        cpu.TakeExtras(r);
        if (cpu.Mode is null && cpu.Model is not null)
            cpu.Mode = "custom";
        if (cpu.Mode == "custom" && cpu.Model is not null)
        {
            cpu.Match ??= "exact";
            cpu.ModelFallback ??= "allow";
        }
        return cpu;
    }

    internal XElement ToElement()
    {
        var b = Builder(DomainSchema.Cpu).Attr("mode", Mode).Attr("match", Match).Attr("check", Check);
        if (Model is not null)
            b.Child(new ElementBuilder(DomainSchema.CpuModel, ModelExtra).Attr("fallback", ModelFallback).Text(Model).Build());
        b.TextChild("vendor", Vendor);
        if (Sockets is not null)
            b.Child(new ElementBuilder(DomainSchema.CpuTopology)
                .Attr("sockets", Sockets).Attr("dies", Dies ?? 1).Attr("cores", Cores).Attr("threads", Threads).Build());
        return b.Build();
    }
}
