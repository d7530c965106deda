using System.Xml.Linq;
using Vireo.Model.Xml;

namespace Vireo.Model.Domain;

/// <summary>The guest &lt;clock&gt;: offset and timers.</summary>
public sealed class DomainClock : ModelElement
{
    /// <summary>Clock offsets.</summary>
    public static readonly string[] Offsets = ["utc", "localtime", "variable", "timezone", "absolute"];
    /// <summary>Timer names.</summary>
    public static readonly string[] TimerNames = ["platform", "pit", "rtc", "hpet", "tsc", "kvmclock", "hypervclock", "armvtimer"];

    /// <summary>utc, localtime, timezone, variable or absolute.</summary>
    public string Offset { get; set; } = "utc";

    /// <summary>&lt;timer&gt; elements: name plus attributes (tickpolicy, present, track, frequency, mode) in libvirt order.</summary>
    public List<DomainTimer> Timers { get; } = [];

    internal static DomainClock Parse(XElement e)
    {
        var r = new ElementReader(e, DomainSchema.Clock);
        var c = new DomainClock { Offset = r.Enum("offset", Offsets) ?? "utc" };
        foreach (var t in r.Children("timer"))
            c.Timers.Add(DomainTimer.Parse(t));
        c.TakeExtras(r);
        return c;
    }

    internal XElement ToElement() => Builder(DomainSchema.Clock).Attr("offset", Offset).Children(Timers.Select(t => t.ToElement())).Build();
}
