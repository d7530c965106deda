using Vireo.Integration.Tests.Infrastructure;

namespace Vireo.Integration.Tests.Remote;

/// <summary>A fact that needs root (to run clients as other users with setpriv); skipped, saying why, otherwise.</summary>
public sealed class RootFactAttribute : FactAttribute
{
    public RootFactAttribute()
    {
        if (!Posix.IsRoot) Skip = "needs root to run clients as other users (setpriv): ACL tests for other users skipped";
    }
}
