using System.Globalization;
using System.Text;
using Vireo.Client.Api;
using Vireo.Protocol.Errors;
using Vireo.Shell.Output;
using Vireo.Shell.Runtime;

namespace Vireo.Shell.Commands;

/// <summary>
/// <c>event</c> (virsh-domain-event.c): registers for one or all domain event kinds and prints each event as virsh
/// does ("event 'lifecycle' for domain 'x': Started Booted"), until the first event, a timeout, Ctrl-C, or — with
/// --loop — only the timeout or Ctrl-C.
/// </summary>
public static class EventCommand
{
    /// <summary>virshDomainEventCallbacks names, indexed by event id.</summary>
    public static readonly string[] EventNames =
    [
        "lifecycle", "reboot", "rtc-change", "watchdog", "io-error", "graphics", "io-error-reason", "control-error", "block-job",
        "disk-change", "tray-change", "pm-wakeup", "pm-suspend", "balloon-change", "pm-suspend-disk", "device-removed", "block-job-2",
        "tunable", "agent-lifecycle", "device-added", "migration-iteration", "job-completed", "device-removal-failed",
        "metadata-change", "block-threshold", "memory-failure", "memory-device-size-change",
    ];

    public static void Register(Dictionary<string, CommandHandler> map) => map["event"] = Event;

    private static async Task<bool> Event(CommandContext ctx)
    {
        bool all = ctx.Has("all"), loop = ctx.Has("loop"), timestamp = ctx.Has("timestamp");
        if (!ctx.Exclusive("all", "event") || !ctx.Exclusive("list", "all") || !ctx.Exclusive("list", "event")) return false;
        if (ctx.Has("list"))
        {
            ctx.Print(string.Concat(EventNames.Select(n => n + "\n")));
            return true;
        }
        if (!ctx.TryString("event", out var eventName)) return false;
        if (eventName is null && !all)
        {
            ctx.Error("one of --list, --all, or --event <type> is required");
            return false;
        }
        var ids = Enumerable.Range(0, EventNames.Length).Where(i => eventName is null || EventNames[i] == eventName).ToList();
        if (ids.Count == 0)
        {
            ctx.Error($"unknown event type {eventName}");
            return false;
        }
        if (ctx.OptTimeoutMs(out int timeoutMs) < 0) return false;
        Domain? dom = null;
        if (ctx.Has("domain"))
        {
            (dom, _) = await ctx.LookupDomainAsync().ConfigureAwait(false);
            if (dom is null) return false;
        }

        int count = 0;
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var interrupted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            e.Cancel = true;
            interrupted.TrySetResult();
        };
        Console.CancelKeyPress += onCancel;
        var registrations = new List<int>();
        bool ret;
        try
        {
            for (int i = 0; i < ids.Count; i++)
            {
                try
                {
                    registrations.Add(await ctx.Conn.RegisterDomainEventAsync((DomainEventId)ids[i], dom, e =>
                    {
                        if (!loop && count > 0) return;
                        string text = Describe(e);
                        lock (ctx.Out)
                        {
                            ctx.Print(timestamp ? Timestamp(DateTimeOffset.UtcNow) + ": " + text : text);
                            ctx.Out.Flush();
                        }
                        count++;
                        if (!loop) done.TrySetResult();
                    }).ConfigureAwait(false));
                }
                catch (LibvirtException e)
                {
                    // like virsh with --all: a server that knows fewer events fails the later registrations only
                    if (i == 0) throw;
                    ctx.ResetError();
                    _ = e;
                }
            }
            var timeout = timeoutMs > 0 ? Task.Delay(timeoutMs) : Task.Delay(Timeout.Infinite);
            var first = await Task.WhenAny(done.Task, interrupted.Task, timeout, ctx.Session.DisconnectedSignal.Task).ConfigureAwait(false);
            lock (ctx.Out)
            {
                if (first == interrupted.Task) ctx.Print("event loop interrupted\n");
                else if (first == timeout) ctx.Print("event loop timed out\n");
                ctx.Print($"events received: {count}\n");
            }
            ret = count > 0;
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
        foreach (var id in registrations)
        {
            if (!await ctx.Try(() => ctx.Conn.DeregisterDomainEventAsync(id)).ConfigureAwait(false)) ret = false;
        }
        return ret;
    }

    /// <summary>virTimeStringNowRaw: "2024-01-02 03:04:05.678+0000" (UTC).</summary>
    public static string Timestamp(DateTimeOffset now) =>
        now.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture) + "+0000";

    private static readonly string[] LifecycleEvents = ["Defined", "Undefined", "Started", "Suspended", "Resumed", "Stopped", "Shutdown", "PMSuspended", "Crashed"];

    private static readonly string[][] LifecycleDetails =
    [
        ["Added", "Updated", "Renamed", "Snapshot"],
        ["Removed", "Renamed"],
        ["Booted", "Migrated", "Restored", "Snapshot", "Event wakeup"],
        ["Paused", "Migrated", "I/O Error", "Watchdog", "Restored", "Snapshot", "API error", "Post-copy", "Post-copy Error"],
        ["Unpaused", "Migrated", "Snapshot", "Post-copy", "Post-copy Error"],
        ["Shutdown", "Destroyed", "Crashed", "Migrated", "Saved", "Failed", "Snapshot"],
        ["Finished", "Finished after guest request", "Finished after host request"],
        ["Memory", "Disk"],
        ["Panicked", "Crashloaded"],
    ];

    private static string Pick(string[] names, int i, string unknown = "unknown") => i >= 0 && i < names.Length ? names[i] : unknown;

    /// <summary>The line(s) virsh prints for one event.</summary>
    public static string Describe(DomainEvent e)
    {
        string dom = e.Domain.Name;
        string name = EventNames[(int)e.EventId];
        switch (e)
        {
            case DomainLifecycleEvent l:
                int ev = (int)l.Event;
                string detail = ev >= 0 && ev < LifecycleDetails.Length ? Pick(LifecycleDetails[ev], l.Detail) : "unknown";
                return $"event 'lifecycle' for domain '{dom}': {Pick(LifecycleEvents, ev)} {detail}\n";
            case DomainRtcChangeEvent r:
                return $"event 'rtc-change' for domain '{dom}': {r.Offset}\n";
            case DomainWatchdogEvent w:
                return $"event 'watchdog' for domain '{dom}': {Pick(["none", "pause", "reset", "poweroff", "shutdown", "debug", "inject-nmi"], w.Action)}\n";
            case DomainIoErrorEvent io when io.Reason is null:
                return $"event 'io-error' for domain '{dom}': {io.SourcePath} ({io.DeviceAlias}) {Pick(["none", "pause", "report"], io.Action)}\n";
            case DomainIoErrorEvent io:
                return $"event 'io-error-reason' for domain '{dom}': {io.SourcePath} ({io.DeviceAlias}) {Pick(["none", "pause", "report"], io.Action)} due to {io.Reason}\n";
            case DomainGraphicsEvent g:
                string[] families = ["IPv4", "IPv6", "unix"];
                var sb = new StringBuilder($"event 'graphics' for domain '{dom}': {Pick(["connect", "initialize", "disconnect"], g.Phase)} " +
                    $"local[{Pick(families, g.Local.Family)} {g.Local.Node} {g.Local.Service}] " +
                    $"remote[{Pick(families, g.Remote.Family)} {g.Remote.Node} {g.Remote.Service}] {g.AuthScheme}\n");
                foreach (var s in g.Subject) sb.Append('\t').Append(s.Key).Append('=').Append(s.Value).Append('\n');
                return sb.ToString();
            case DomainBlockJobEvent b:
                string[] jobs = ["Unknown job", "Block Pull", "Block Copy", "Block Commit", "Active Block Commit", "Backup"];
                return $"event '{name}' for domain '{dom}': {Pick(jobs, b.Type, "Unknown job")} for {b.Disk} {Pick(["completed", "failed", "canceled", "ready"], b.Status)}\n";
            case DomainDiskChangeEvent d:
                return $"event 'disk-change' for domain '{dom}' disk {d.DeviceAlias}: {d.OldSource ?? "(null)"} -> {d.NewSource ?? "(null)"}: {Pick(["changed", "dropped"], d.Reason)}\n";
            case DomainTrayChangeEvent t:
                return $"event 'tray-change' for domain '{dom}' disk {t.DeviceAlias}: {Pick(["opened", "closed"], t.Reason)}\n";
            case DomainBalloonChangeEvent b:
                return $"event 'balloon-change' for domain '{dom}': {b.Actual}KiB\n";
            case DomainDeviceEvent d:
                return $"event '{name}' for domain '{dom}': {d.DeviceAlias}\n";
            case DomainParametersEvent p:
                var pb = new StringBuilder($"event '{name}' for domain '{dom}':\n");
                foreach (var prm in p.Parameters) pb.Append('\t').Append(prm.Field).Append(": ").Append(Fmt.Param(prm)).Append('\n');
                return pb.ToString();
            case DomainAgentLifecycleEvent a:
                return $"event 'agent-lifecycle' for domain '{dom}': state: '{Pick(["unknown", "connected", "disconnected"], a.State, "unsupported value")}' " +
                       $"reason: '{Pick(["unknown", "domain started", "channel event"], a.Reason, "unsupported value")}'\n";
            case DomainMigrationIterationEvent m:
                return $"event 'migration-iteration' for domain '{dom}': iteration: '{m.Iteration}'\n";
            case DomainMetadataChangeEvent m:
                return $"event 'metadata-change' for domain '{dom}': type {Pick(["description", "title", "element"], m.Type, "unsupported value")}, uri {m.NamespaceUri ?? "(null)"}\n";
            case DomainBlockThresholdEvent t:
                return $"event 'block-threshold' for domain '{dom}': dev: {t.Device}({t.Path ?? "(null)"}) {t.Threshold} {t.Excess}\n";
            case DomainMemoryFailureEvent f:
                return $"event 'memory-failure' for domain '{dom}':\nrecipient: {Pick(["hypervisor", "guest"], f.Recipient, "unsupported value")}\n" +
                       $"action: {Pick(["ignore", "inject", "fatal", "reset"], f.Action, "unsupported value")}\n" +
                       $"flags:\n\taction required: {((f.Flags & 1) != 0 ? 1 : 0)}\n\trecursive: {((f.Flags & 2) != 0 ? 1 : 0)}\n";
            case DomainMemoryDeviceSizeChangeEvent s:
                return $"event 'memory-device-size-change' for domain '{dom}':\nalias: {s.Alias}\nsize: {s.Size}\n";
            default:
                // reboot, control-error and the PM events print only their name
                return $"event '{name}' for domain '{dom}'\n";
        }
    }
}
