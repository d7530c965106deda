using System.Xml.Linq;
using Vireo.Model.Xml;

namespace Vireo.Model.Domain;

/// <summary>One clock &lt;timer&gt;.</summary>
public sealed class DomainTimer : ModelElement
{
    /// <summary>Timer name: rtc, pit, hpet, kvmclock ...</summary>
    public string Name { get; set; } = "rtc";

    /// <summary>Tick policy: delay, catchup, merge, discard.</summary>
    public string? TickPolicy { get; set; }

    /// <summary>Whether the timer is present (present='yes'/'no').</summary>
    public bool? Present { get; set; }

    internal static DomainTimer Parse(XElement e)
    {
        var r = new ElementReader(e, DomainSchema.Timer);
        var t = new DomainTimer
        {
            Name = r.Attr("name") ?? throw XmlModelException.Xml("missing timer name"),
            TickPolicy = r.Enum("tickpolicy", ["delay", "catchup", "merge", "discard"]),
            Present = r.YesNo("present"),
        };
        if (!DomainClock.TimerNames.Contains(t.Name))
            throw XmlModelException.Xml($"unknown timer name '{t.Name}'");
        t.TakeExtras(r);
        return t;
    }

    internal XElement ToElement() =>
        Builder(DomainSchema.Timer).Attr("name", Name).Attr("tickpolicy", TickPolicy).YesNo("present", Present).Build();
}
