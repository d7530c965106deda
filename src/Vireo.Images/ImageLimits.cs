namespace Vireo.Images;

/// <summary>Caps that keep a hostile image from making us allocate or loop without bound.</summary>
public static class ImageLimits
{
    /// <summary>Largest L1 table we load (qemu's QCOW_MAX_L1_SIZE, 32 MiB).</summary>
    public const long MaxL1Bytes = 32L << 20;

    /// <summary>Largest refcount table we load (qemu's QCOW_MAX_REFTABLE_SIZE, 8 MiB).</summary>
    public const long MaxRefcountTableBytes = 8L << 20;

    /// <summary>Largest virtual size accepted (qemu's QCOW_MAX_... limit: 2^56 bytes of host offset space; we use 64 PiB).</summary>
    public const long MaxVirtualSize = 1L << 56;

    /// <summary>Deepest backing chain we follow.</summary>
    public const int MaxChainDepth = 32;

    /// <summary>Most internal snapshots accepted (qemu's QCOW_MAX_SNAPSHOTS).</summary>
    public const int MaxSnapshots = 65536;

    /// <summary>Longest backing file name (qemu's limit is 1023 bytes).</summary>
    public const int MaxBackingFileName = 1023;
}
