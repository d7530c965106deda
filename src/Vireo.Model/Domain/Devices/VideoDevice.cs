using System.Xml.Linq;
using Vireo.Model.Xml;

namespace Vireo.Model.Domain.Devices;

/// <summary>A &lt;video&gt; adapter: cirrus, vga, qxl, virtio, xen ...</summary>
public sealed class VideoDevice : DomainDevice
{
    /// <summary>Video model types.</summary>
    public static readonly string[] Types = ["default", "vga", "cirrus", "vmvga", "xen", "vbox", "qxl", "parallels", "virtio", "gop", "none", "bochs", "ramfb"];

    /// <inheritdoc/>
    public override string ElementName => "video";

    /// <summary>Model type; null until defaults pick one.</summary>
    public string? ModelType { get; set; }

    /// <summary>Video RAM in KiB.</summary>
    public uint? Vram { get; set; }

    /// <summary>QXL primary bar RAM in KiB.</summary>
    public uint? Ram { get; set; }

    /// <summary>Number of heads (screens).</summary>
    public uint? Heads { get; set; }

    /// <summary>Primary adapter.</summary>
    public bool Primary { get; set; }

    /// <summary>Other &lt;model&gt; attributes (vgamem, vram64).</summary>
    public Dictionary<string, string> ModelExtra { get; } = new(StringComparer.Ordinal);

    /// <summary>Children of &lt;model&gt; (acceleration, resolution) kept verbatim.</summary>
    public List<XElement> ModelChildren { get; } = [];

    internal static new VideoDevice FromElement(XElement e)
    {
        var r = new ElementReader(e, DomainSchema.Video);
        var v = new VideoDevice();
        if (r.Child("model") is { } m)
        {
            var mr = new ElementReader(m, DomainSchema.VideoModel);
            v.ModelType = mr.Enum("type", Types);
            v.Vram = mr.UInt("vram");
            v.Ram = mr.UInt("ram");
            v.Heads = mr.UInt("heads");
            v.Primary = mr.YesNo("primary") ?? false;
            foreach (var (k, val) in mr.LeftoverAttributes())
                v.ModelExtra[k] = val;
            v.ModelChildren.AddRange(mr.LeftoverChildren().Select(c => new XElement(c)));
        }
        v.ReadInfo(r);
        v.TakeExtras(r);
        return v;
    }

    internal override XElement ToElement(DomainXmlFormatFlags flags)
    {
        var b = Builder(DomainSchema.Video);
        var model = new ElementBuilder(DomainSchema.VideoModel, ModelExtra, ModelChildren)
            .Attr("type", ModelType).Attr("ram", Ram).Attr("vram", Vram).Attr("heads", Heads)
            .Attr("primary", Primary ? "yes" : null).Build();
        if (model.HasAttributes || model.HasElements)
            b.Child(model);
        WriteInfo(b, flags);
        return b.Build();
    }
}
