using Vireo.Daemon.Dispatch;

namespace Vireo.Daemon.Handlers;

/// <summary>Domain procedures.</summary>
public static class DomainHandlers
{
    public static void Register(ProcedureRegistry r)
    {
    }
}
