using Vireo.Client.Api;

namespace Vireo.Web.Hosts;

/// <summary>virt-manager's words for a domain state.</summary>
public static class GuestStates
{
    public static string Text(DomainState s) => s switch
    {
        DomainState.Running or DomainState.Blocked => "Running",
        DomainState.Paused => "Paused",
        DomainState.Shutdown => "Shutting Down",
        DomainState.Shutoff => "Shutoff",
        DomainState.Crashed => "Crashed",
        DomainState.PmSuspended => "Suspended",
        _ => "No State",
    };

    public static bool IsActive(DomainState s) => s is not (DomainState.Shutoff or DomainState.NoState);
}
