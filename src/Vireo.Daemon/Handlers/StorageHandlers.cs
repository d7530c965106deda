using Vireo.Daemon.Dispatch;

namespace Vireo.Daemon.Handlers;

/// <summary>Storage procedures.</summary>
public static class StorageHandlers
{
    public static void Register(ProcedureRegistry r)
    {
    }
}
