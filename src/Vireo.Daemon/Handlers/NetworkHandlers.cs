using Vireo.Daemon.Dispatch;

namespace Vireo.Daemon.Handlers;

/// <summary>Network procedures.</summary>
public static class NetworkHandlers
{
    public static void Register(ProcedureRegistry r)
    {
    }
}
