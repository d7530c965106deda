namespace Vireo.Storage.Volumes;

/// <summary>libvirt's flag values for the storage calls this driver accepts.</summary>
internal static class VolumeFlags
{
    public const uint CreatePreallocMetadata = 1, CreateReflink = 2;
    public const uint DeleteZeroed = 1, DeleteWithSnapshots = 2;
    public const uint ResizeDelta = 1, ResizeAllocate = 2, ResizeShrink = 4;
    public const uint GetPhysical = 1;

    public const uint PoolBuildRepair = 1, PoolBuildResize = 2, PoolBuildNoOverwrite = 4, PoolBuildOverwrite = 8;
    public const uint PoolCreateWithBuild = 1, PoolCreateWithBuildOverwrite = 2, PoolCreateWithBuildNoOverwrite = 4;
    public const uint PoolXmlInactive = 1;
    public const uint PoolDefineValidate = 1;
}
