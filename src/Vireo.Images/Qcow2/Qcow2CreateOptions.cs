namespace Vireo.Images.Qcow2;

/// <summary>Options of a new qcow2 image (qemu-img's -o names in comments).</summary>
public sealed record Qcow2CreateOptions
{
    /// <summary>Virtual size in bytes.</summary>
    public long Size { get; init; }

    /// <summary>cluster_size (512 B to 2 MiB, power of two).</summary>
    public int ClusterSize { get; init; } = 65536;

    /// <summary>compat: "1.1" (version 3, default) or "0.10" (version 2).</summary>
    public string Compat { get; init; } = "1.1";

    /// <summary>lazy_refcounts (version 3 only).</summary>
    public bool LazyRefcounts { get; init; }

    /// <summary>refcount_bits (1 to 64, power of two; version 2 only allows 16).</summary>
    public int RefcountBits { get; init; } = 16;

    /// <summary>backing_file, stored as given.</summary>
    public string? BackingFile { get; init; }

    /// <summary>backing_fmt.</summary>
    public string? BackingFormat { get; init; }

    /// <summary>compression_type: "zlib" or "zstd" (version 3 only).</summary>
    public string CompressionType { get; init; } = "zlib";

    /// <summary>vmdk adapter_type: ide, buslogic, lsilogic, legacyESX (sets the descriptor's geometry).</summary>
    public string VmdkAdapter { get; init; } = "ide";

    /// <summary>vmdk hwversion (compat6 means 6).</summary>
    public int VmdkHwVersion { get; init; } = 4;

    /// <summary>vmdk: the file name the descriptor's extent line records (default: the created file's name).</summary>
    public string? VmdkExtentName { get; init; }

    /// <summary>vmdk zeroed_grain: grain table entry 1 marks a zero grain.</summary>
    public bool VmdkZeroedGrain { get; init; }

    /// <summary>preallocation: off, metadata, falloc, full.</summary>
    public string Preallocation { get; init; } = "off";
}
