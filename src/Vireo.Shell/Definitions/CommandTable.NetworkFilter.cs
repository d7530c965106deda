// virsh 9.0 "Network Filter" commands (tools/virsh-*.c): names, help texts and options transcribed
// verbatim, so that 'help' and option parsing match virsh byte for byte. Do not reword.
namespace Vireo.Shell.Definitions;

internal static partial class CommandTable
{
    private static CommandDef[] NetworkFilter() =>
    [
        new("nwfilter-define", "define or update a network filter from an XML file", "Define a new network filter or update an existing one.",
        [
            Data("file", Req, "file containing an XML network filter description"),
            Bool("validate", "validate the XML against the schema"),
        ]),
        new("nwfilter-dumpxml", "network filter information in XML", "Output the network filter information as an XML dump to stdout.",
        [
            Data("nwfilter", Req, "network filter name or uuid"),
            Str("xpath", ReqOpt, "xpath expression to filter the XML document"),
            Bool("wrap", "wrap xpath results in an common root element"),
        ]),
        new("nwfilter-edit", "edit XML configuration for a network filter", "Edit the XML configuration for a network filter.",
        [
            Data("nwfilter", Req, "network filter name or uuid"),
        ]),
        new("nwfilter-list", "list network filters", "Returns list of network filters.", []),
        new("nwfilter-undefine", "undefine a network filter", "Undefine a given network filter.",
        [
            Data("nwfilter", Req, "network filter name or uuid"),
        ]),
        new("nwfilter-binding-create", "create a network filter binding from an XML file", "Create a new network filter binding.",
        [
            Data("file", Req, "file containing an XML network filter binding description"),
            Bool("validate", "validate the XML against the schema"),
        ]),
        new("nwfilter-binding-delete", "delete a network filter binding", "Delete a given network filter binding.",
        [
            Data("binding", Req, "network filter binding port dev"),
        ]),
        new("nwfilter-binding-dumpxml", "network filter information in XML", "Output the network filter information as an XML dump to stdout.",
        [
            Data("binding", Req, "network filter binding portdev"),
            Str("xpath", ReqOpt, "xpath expression to filter the XML document"),
            Bool("wrap", "wrap xpath results in an common root element"),
        ]),
        new("nwfilter-binding-list", "list network filter bindings", "Returns list of network filter bindings.", []),
    ];
}
