using Vireo.Integration.Tests.Infrastructure;

namespace Vireo.Integration.Tests.Storage;

/// <summary>A test that attaches loop devices and mounts file systems: skipped, with the reason, without root or loop devices.</summary>
public sealed class LoopFactAttribute : FactAttribute
{
    public LoopFactAttribute()
    {
        if (!Posix.IsRoot)
            Skip = "needs root to attach loop devices and mount file systems";
        else if (!File.Exists("/dev/loop-control"))
            Skip = "this kernel offers no loop devices (/dev/loop-control missing)";
    }
}
