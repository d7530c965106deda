using System.Xml.Linq;
using Vireo.Model.Xml;

namespace Vireo.Model.Domain.Devices;

/// <summary>A &lt;disk&gt;: file, block, network, volume ... backing a disk, cdrom, floppy or lun.</summary>
public sealed class DiskDevice : DomainDevice
{
    /// <summary>Disk source types.</summary>
    public static readonly string[] Types = ["file", "block", "dir", "network", "volume", "nvme", "vhostuser"];
    /// <summary>Guest device kinds.</summary>
    public static readonly string[] Devices = ["disk", "cdrom", "floppy", "lun"];
    /// <summary>Target buses.</summary>
    public static readonly string[] Buses = ["ide", "fdc", "scsi", "virtio", "xen", "usb", "uml", "sata", "sd"];
    /// <summary>Driver cache modes.</summary>
    public static readonly string[] CacheModes = ["default", "none", "writethrough", "writeback", "directsync", "unsafe"];
    /// <summary>Driver I/O modes.</summary>
    public static readonly string[] IoModes = ["native", "threads", "io_uring"];

    /// <inheritdoc/>
    public override string ElementName => "disk";

    /// <summary>Source type: file, block, network, volume ...</summary>
    public string Type { get; set; } = "file";

    /// <summary>Guest device: disk, cdrom, floppy or lun.</summary>
    public string Device { get; set; } = "disk";

    /// <summary>&lt;driver name=&gt;, e.g. "qemu".</summary>
    public string? DriverName { get; set; }

    /// <summary>&lt;driver type=&gt; (image format), e.g. "raw" or "qcow2".</summary>
    public string? DriverType { get; set; }

    /// <summary>&lt;driver cache=&gt;.</summary>
    public string? DriverCache { get; set; }

    /// <summary>&lt;driver io=&gt;.</summary>
    public string? DriverIo { get; set; }

    /// <summary>Other &lt;driver&gt; attributes (discard, detect_zeroes ...) in input order.</summary>
    public Dictionary<string, string> DriverExtra { get; } = new(StringComparer.Ordinal);

    /// <summary>Children of &lt;driver&gt; kept verbatim.</summary>
    public List<XElement> DriverChildren { get; } = [];

    /// <summary>Source file (type file).</summary>
    public string? SourceFile { get; set; }

    /// <summary>Source block device (type block).</summary>
    public string? SourceDev { get; set; }

    /// <summary>Source directory (type dir).</summary>
    public string? SourceDir { get; set; }

    /// <summary>Storage pool (type volume).</summary>
    public string? SourcePool { get; set; }

    /// <summary>Storage volume in <see cref="SourcePool"/> (type volume).</summary>
    public string? SourceVolume { get; set; }

    /// <summary>Network protocol (type network): nbd, rbd, iscsi, http ...</summary>
    public string? SourceProtocol { get; set; }

    /// <summary>Network source name (type network), e.g. "pool/image".</summary>
    public string? SourceName { get; set; }

    /// <summary>Other &lt;source&gt; attributes (startupPolicy, mode ...).</summary>
    public Dictionary<string, string> SourceExtra { get; } = new(StringComparer.Ordinal);

    /// <summary>Children of &lt;source&gt; (host, auth, seclabel ...) kept verbatim.</summary>
    public List<XElement> SourceChildren { get; } = [];

    /// <summary>Guest device name, e.g. "vda" or "hdc".</summary>
    public string TargetDev { get; set; } = "";

    /// <summary>Guest bus; null until defaults derive it from <see cref="TargetDev"/>.</summary>
    public string? TargetBus { get; set; }

    /// <summary>Other &lt;target&gt; attributes (tray, removable, rotation_rate).</summary>
    public Dictionary<string, string> TargetExtra { get; } = new(StringComparer.Ordinal);

    /// <summary>&lt;readonly/&gt;.</summary>
    public bool ReadOnly { get; set; }

    /// <summary>&lt;shareable/&gt;.</summary>
    public bool Shareable { get; set; }

    /// <summary>&lt;serial&gt; text.</summary>
    public string? Serial { get; set; }

    /// <summary>The path-like identity of the source: file, dev, dir, pool/volume or network name; null for an empty cdrom.</summary>
    public string? SourcePath => SourceFile ?? SourceDev ?? SourceDir ??
        (SourcePool is not null ? SourcePool + "/" + SourceVolume : SourceName);

    internal static new DiskDevice FromElement(XElement e)
    {
        var r = new ElementReader(e, DomainSchema.Disk);
        var d = new DiskDevice
        {
            Type = r.Enum("type", Types) ?? "file",
            Device = r.Enum("device", Devices) ?? "disk",
        };
        if (r.Child("driver") is { } drv)
        {
            var dr = new ElementReader(drv, DomainSchema.DiskDriver);
            d.DriverName = dr.Attr("name");
            d.DriverType = dr.Attr("type");
            d.DriverCache = dr.Enum("cache", CacheModes);
            d.DriverIo = dr.Enum("io", IoModes);
            foreach (var (k, v) in dr.LeftoverAttributes())
                d.DriverExtra[k] = v;
            d.DriverChildren.AddRange(dr.LeftoverChildren().Select(c => new XElement(c)));
        }
        if (r.Child("source") is { } src)
        {
            var sr = new ElementReader(src, DomainSchema.DiskSource);
            d.SourceFile = sr.Attr("file");
            d.SourceDev = sr.Attr("dev");
            d.SourceDir = sr.Attr("dir");
            d.SourcePool = sr.Attr("pool");
            d.SourceVolume = sr.Attr("volume");
            d.SourceProtocol = sr.Attr("protocol");
            d.SourceName = sr.Attr("name");
            foreach (var (k, v) in sr.LeftoverAttributes())
                d.SourceExtra[k] = v;
            d.SourceChildren.AddRange(sr.LeftoverChildren().Select(c => new XElement(c)));
        }
        if (r.Child("target") is { } tgt)
        {
            var tr = new ElementReader(tgt, DomainSchema.DiskTarget);
            d.TargetDev = tr.Attr("dev") ?? "";
            d.TargetBus = tr.Enum("bus", Buses);
            foreach (var (k, v) in tr.LeftoverAttributes())
                d.TargetExtra[k] = v;
        }
        if (d.TargetDev.Length == 0)
            throw new XmlModelException(XmlModelException.NoTarget, XmlModelException.FromDomain,
                $"missing target information for device {d.SourcePath ?? "<disk>"}");
        d.ReadOnly = r.Flag("readonly");
        d.Shareable = r.Flag("shareable");
        d.Serial = r.ChildText("serial");
        d.ReadInfo(r);
        d.TakeExtras(r);
        return d;
    }

    internal override XElement ToElement(DomainXmlFormatFlags flags)
    {
        var b = Builder(DomainSchema.Disk).Attr("type", Type).Attr("device", Device);
        var driver = new ElementBuilder(DomainSchema.DiskDriver, DriverExtra, DriverChildren)
            .Attr("name", DriverName).Attr("type", DriverType).Attr("cache", DriverCache).Attr("io", DriverIo).Build();
        if (driver.HasAttributes || driver.HasElements)
            b.Child(driver);
        var source = new ElementBuilder(DomainSchema.DiskSource, SourceExtra, SourceChildren)
            .Attr("file", SourceFile).Attr("dev", SourceDev).Attr("dir", SourceDir)
            .Attr("protocol", SourceProtocol).Attr("name", SourceName)
            .Attr("pool", SourcePool).Attr("volume", SourceVolume).Build();
        if (source.HasAttributes || source.HasElements)
            b.Child(source);
        b.Child(new ElementBuilder(DomainSchema.DiskTarget, TargetExtra).Attr("dev", TargetDev).Attr("bus", TargetBus).Build());
        b.Flag("readonly", ReadOnly).Flag("shareable", Shareable).TextChild("serial", Serial);
        WriteInfo(b, flags);
        return b.Build();
    }
}
