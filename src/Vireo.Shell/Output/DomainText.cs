using Vireo.Client.Api;

namespace Vireo.Shell.Output;

/// <summary>virsh's words for domain states, reasons, jobs and vCPU states (virsh-domain-monitor.c, virsh-domain.c).</summary>
public static class DomainText
{
    private static readonly string[] States = ["no state", "running", "idle", "paused", "in shutdown", "shut off", "crashed", "pmsuspended"];

    private static readonly string[][] Reasons =
    [
        ["unknown"],
        ["unknown", "booted", "migrated", "restored", "from snapshot", "unpaused", "migration canceled", "save canceled",
            "event wakeup", "crashed", "post-copy", "post-copy failed"],
        ["unknown"],
        ["unknown", "user", "migrating", "saving", "dumping", "I/O error", "watchdog", "from snapshot", "shutting down",
            "creating snapshot", "crashed", "starting up", "post-copy", "post-copy failed"],
        ["unknown", "user"],
        ["unknown", "shutdown", "destroyed", "crashed", "migrated", "saved", "failed", "from snapshot", "daemon"],
        ["unknown", "panicked"],
        ["unknown"],
    ];

    /// <summary>virshDomainStateToString.</summary>
    public static string State(DomainState s) => (int)s >= 0 && (int)s < States.Length ? States[(int)s] : "no state";

    /// <summary>virshDomainStateReasonToString.</summary>
    public static string Reason(DomainState s, int reason)
    {
        if ((int)s < 0 || (int)s >= Reasons.Length) return "unknown";
        var list = Reasons[(int)s];
        return reason >= 0 && reason < list.Length ? list[reason] : "unknown";
    }

    /// <summary>virshDomainVcpuStateToString.</summary>
    public static string VcpuState(int state) => state switch { 0 => "offline", 1 => "running", 2 => "blocked", _ => "no state" };

    /// <summary>virshDomainJobToString.</summary>
    public static string JobType(DomainJobType t) => t switch
    {
        DomainJobType.None => "None",
        DomainJobType.Bounded => "Bounded",
        DomainJobType.Unbounded => "Unbounded",
        DomainJobType.Completed => "Completed",
        DomainJobType.Failed => "Failed",
        DomainJobType.Cancelled => "Cancelled",
        _ => "unknown",
    };

    /// <summary>virshDomainJobOperationToString.</summary>
    public static string JobOperation(int op)
    {
        string[] ops = ["Unknown", "Start", "Save", "Restore", "Incoming migration", "Outgoing migration", "Snapshot",
            "Snapshot revert", "Dump", "Backup", "Snapshot delete"];
        return op >= 0 && op < ops.Length ? ops[op] : "unknown";
    }
}
