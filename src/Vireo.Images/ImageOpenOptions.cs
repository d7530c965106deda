namespace Vireo.Images;

/// <summary>How to open an image (and its backing chain).</summary>
public sealed record ImageOpenOptions
{
    /// <summary>Open the top image for writing (backing files are always opened read-only).</summary>
    public bool Writable { get; init; }

    /// <summary>Format of the top image; null means probe it (backing files are never probed as anything but raw).</summary>
    public string? Format { get; init; }

    /// <summary>Open the backing chain (false: reads of unallocated clusters return zeroes).</summary>
    public bool OpenBacking { get; init; } = true;

    /// <summary>Accept "json:" and "protocol:" file names (refused by default: they let an image name arbitrary files or hosts).</summary>
    public bool AllowProtocolFilenames { get; init; }

    /// <summary>When non-null, backing files must lie under one of these directories.</summary>
    public IReadOnlyList<string>? AllowedBackingDirectories { get; init; }

    /// <summary>Accept a backing file with no recorded format when it probes as something other than raw (unsafe).</summary>
    public bool AllowBackingProbe { get; init; }

    /// <summary>Bytes of L2 tables kept in memory per image.</summary>
    public long L2CacheBytes { get; init; } = 32L << 20;

    /// <summary>qemu's cache=unsafe: flushes write metadata but never fsync (what qemu-img convert does by default).</summary>
    public bool CacheUnsafe { get; init; }

    /// <summary>Open even when the corrupt bit is set (read-only opens always may; check -r uses this).</summary>
    public bool IgnoreCorruptBit { get; init; }
}
