namespace Vireo.Install.Guest;

/// <summary>A volume to create before the guest is defined: in pool <see cref="Pool"/>, or a new dir pool for the path's directory.</summary>
public sealed record VolumeRequest(string? Pool, string VolumeName, string Directory, long CapacityBytes, bool Sparse, string Format);

/// <summary>One disk of the guest, resolved: where its data is, how the guest sees it, and what must be created.</summary>
public sealed class DiskPlan
{
    /// <summary>disk, cdrom or floppy.</summary>
    public string Device { get; init; } = "disk";
    /// <summary>file or block.</summary>
    public string SourceType { get; set; } = "file";
    public string? Path { get; set; }
    public string? Format { get; set; }
    public string? Bus { get; set; }
    public string? Target { get; set; }
    public string? Cache { get; init; }
    public bool ReadOnly { get; init; }
    public bool Shareable { get; init; }
    public int? BootOrder { get; init; }
    public VolumeRequest? Create { get; set; }
    /// <summary>The install medium (--cdrom, --location ISO, cloud-init seed): emptied or removed in the final XML.</summary>
    public bool InstallMedia { get; init; }
    /// <summary>Attached only while installing (cloud-init seed).</summary>
    public bool InstallOnly { get; init; }
    /// <summary>"--disk size=3,sparse=no" as given, for messages about it.</summary>
    public string? Option { get; init; }
}
