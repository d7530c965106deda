// virsh 9.0 "Backup" commands (tools/virsh-*.c): names, help texts and options transcribed
// verbatim, so that 'help' and option parsing match virsh byte for byte. Do not reword.
namespace Vireo.Shell.Definitions;

internal static partial class CommandTable
{
    private static CommandDef[] Backup() =>
    [
        new("backup-begin", "Start a disk backup of a live domain", "Use XML to start a full or incremental disk backup of a live domain, optionally creating a checkpoint",
        [
            Data("domain", Req, "domain name, id or uuid"),
            Str("backupxml", None, "domain backup XML"),
            Str("checkpointxml", None, "domain checkpoint XML"),
            Bool("reuse-external", "reuse files provided by caller"),
        ]),
        new("backup-dumpxml", "Dump XML for an ongoing domain block backup job", "Backup Dump XML",
        [
            Data("domain", Req, "domain name, id or uuid"),
            Str("xpath", ReqOpt, "xpath expression to filter the XML document"),
            Bool("wrap", "wrap xpath results in an common root element"),
        ]),
    ];
}
