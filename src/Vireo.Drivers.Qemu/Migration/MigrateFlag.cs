namespace Vireo.Drivers.Qemu.Migration;

/// <summary>virDomainMigrateFlags as the driver sees them.</summary>
internal static class MigrateFlag
{
    public const uint Live = 1 << 0, PeerToPeer = 1 << 1, Tunnelled = 1 << 2, PersistDest = 1 << 3, UndefineSource = 1 << 4,
        Paused = 1 << 5, NonSharedDisk = 1 << 6, NonSharedInc = 1 << 7, ChangeProtection = 1 << 8, Unsafe = 1 << 9,
        Offline = 1 << 10, Compressed = 1 << 11, AbortOnError = 1 << 12, AutoConverge = 1 << 13, RdmaPinAll = 1 << 14,
        Postcopy = 1 << 15, Tls = 1 << 16, Parallel = 1 << 17, NonSharedSynchronousWrites = 1 << 18, PostcopyResume = 1 << 19,
        Zerocopy = 1 << 20;

    /// <summary>What this driver implements; anything else is refused up front.</summary>
    public const uint Supported = Live | PeerToPeer | PersistDest | UndefineSource | Paused | NonSharedDisk | NonSharedInc
        | ChangeProtection | Unsafe | Offline | Compressed | AbortOnError | AutoConverge | Parallel
        | Tunnelled | Postcopy
        | PostcopyResume;

    public static bool Has(uint flags, uint flag) => (flags & flag) != 0;

    public static bool CopiesStorage(uint flags) => (flags & (NonSharedDisk | NonSharedInc)) != 0;
}
