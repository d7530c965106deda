using Vireo.Daemon.Dispatch;

namespace Vireo.Daemon.Handlers;

/// <summary>Event procedures.</summary>
public static class EventHandlers
{
    public static void Register(ProcedureRegistry r)
    {
    }
}
