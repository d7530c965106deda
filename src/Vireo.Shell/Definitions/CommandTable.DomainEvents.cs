// virsh 9.0 "Domain Events" commands (tools/virsh-*.c): names, help texts and options transcribed
// verbatim, so that 'help' and option parsing match virsh byte for byte. Do not reword.
namespace Vireo.Shell.Definitions;

internal static partial class CommandTable
{
    private static CommandDef[] DomainEvents() =>
    [
        new("event", "Domain Events", "List event types, or wait for domain events to occur",
        [
            Str("domain", None, "filter by domain name, id or uuid"),
            Str("event", None, "which event type to wait for"),
            Bool("all", "wait for all events instead of just one type"),
            Bool("loop", "loop until timeout or interrupt, rather than one-shot"),
            Int("timeout", None, "timeout seconds"),
            Bool("list", "list valid event types"),
            Bool("timestamp", "show timestamp for each printed event"),
        ]),
    ];
}
