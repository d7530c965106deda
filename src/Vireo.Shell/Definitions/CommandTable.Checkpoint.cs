// virsh 9.0 "Checkpoint" commands (tools/virsh-*.c): names, help texts and options transcribed
// verbatim, so that 'help' and option parsing match virsh byte for byte. Do not reword.
namespace Vireo.Shell.Definitions;

internal static partial class CommandTable
{
    private static CommandDef[] Checkpoint() =>
    [
        new("checkpoint-create", "Create a checkpoint from XML", "Create a checkpoint from XML for use in future incremental backups",
        [
            Data("domain", Req, "domain name, id or uuid"),
            Str("xmlfile", None, "domain checkpoint XML"),
            Bool("redefine", "redefine metadata for existing checkpoint"),
            Bool("redefine-validate", "validate the redefined checkpoint"),
            Bool("quiesce", "quiesce guest's file systems"),
        ]),
        new("checkpoint-create-as", "Create a checkpoint from a set of args", "Create a checkpoint from arguments for use in future incremental backups",
        [
            Data("domain", Req, "domain name, id or uuid"),
            Str("name", None, "name of checkpoint"),
            Str("description", None, "description of checkpoint"),
            Bool("print-xml", "print XML document rather than create"),
            Bool("quiesce", "quiesce guest's file systems"),
            Argv("diskspec", None, "disk attributes: disk[,checkpoint=type][,bitmap=name]"),
        ]),
        new("checkpoint-delete", "Delete a domain checkpoint", "Checkpoint Delete",
        [
            Data("domain", Req, "domain name, id or uuid"),
            Str("checkpointname", None, "checkpoint name"),
            Bool("children", "delete checkpoint and all children"),
            Bool("children-only", "delete children but not checkpoint"),
            Bool("metadata", "delete only libvirt metadata, leaving checkpoint contents behind"),
        ]),
        new("checkpoint-dumpxml", "Dump XML for a domain checkpoint", "Checkpoint Dump XML",
        [
            Data("domain", Req, "domain name, id or uuid"),
            Str("checkpointname", None, "checkpoint name"),
            Bool("security-info", "include security sensitive information in XML dump"),
            Bool("no-domain", "exclude <domain> from XML"),
            Bool("size", "include backup size estimate in XML dump"),
            Str("xpath", ReqOpt, "xpath expression to filter the XML document"),
            Bool("wrap", "wrap xpath results in an common root element"),
        ]),
        new("checkpoint-edit", "edit XML for a checkpoint", "Edit the domain checkpoint XML for a named checkpoint",
        [
            Data("domain", Req, "domain name, id or uuid"),
            Str("checkpointname", None, "checkpoint name"),
        ]),
        new("checkpoint-info", "checkpoint information", "Returns basic information about a checkpoint.",
        [
            Data("domain", Req, "domain name, id or uuid"),
            Str("checkpointname", None, "checkpoint name"),
        ]),
        new("checkpoint-list", "List checkpoints for a domain", "Checkpoint List",
        [
            Data("domain", Req, "domain name, id or uuid"),
            Bool("parent", "add a column showing parent checkpoint"),
            Bool("roots", "list only checkpoints without parents"),
            Bool("leaves", "list only checkpoints without children"),
            Bool("no-leaves", "list only checkpoints that are not leaves (with children)"),
            Bool("tree", "list checkpoints in a tree"),
            Str("from", None, "limit list to children of given checkpoint"),
            Bool("descendants", "with --from, list all descendants"),
            Bool("name", "list checkpoint names only"),
            Bool("topological", "sort list topologically rather than by name"),
        ]),
        new("checkpoint-parent", "Get the name of the parent of a checkpoint", "Extract the checkpoint's parent, if any",
        [
            Data("domain", Req, "domain name, id or uuid"),
            Str("checkpointname", None, "find parent of checkpoint name"),
        ]),
    ];
}
