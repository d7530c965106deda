// virsh 9.0 "Interface" commands (tools/virsh-*.c): names, help texts and options transcribed
// verbatim, so that 'help' and option parsing match virsh byte for byte. Do not reword.
namespace Vireo.Shell.Definitions;

internal static partial class CommandTable
{
    private static CommandDef[] Interface() =>
    [
        new("iface-begin", "create a snapshot of current interfaces settings, which can be later committed (iface-commit) or restored (iface-rollback)", "Create a restore point for interfaces settings", []),
        new("iface-bridge", "create a bridge device and attach an existing network device to it", "bridge an existing network device",
        [
            Data("interface", Req, "existing interface name"),
            Data("bridge", Req, "new bridge device name"),
            Bool("no-stp", "do not enable STP for this bridge"),
            Int("delay", None, "number of seconds to squelch traffic on newly connected ports"),
            Bool("no-start", "don't start the bridge immediately"),
        ]),
        new("iface-commit", "commit changes made since iface-begin and free restore point", "commit changes and free restore point", []),
        new("iface-define", "define an inactive persistent physical host interface or modify an existing persistent one from an XML file", "Define or modify a persistent physical host interface.",
        [
            Data("file", Req, "file containing an XML interface description"),
            Bool("validate", "validate the XML against the schema"),
        ]),
        new("iface-destroy", "destroy a physical host interface (disable it / \"if-down\")", "forcefully stop a physical host interface.",
        [
            Data("interface", Req, "interface name or MAC address"),
        ]),
        new("iface-dumpxml", "interface information in XML", "Output the physical host interface information as an XML dump to stdout.",
        [
            Data("interface", Req, "interface name or MAC address"),
            Bool("inactive", "show inactive defined XML"),
            Str("xpath", ReqOpt, "xpath expression to filter the XML document"),
            Bool("wrap", "wrap xpath results in an common root element"),
        ]),
        new("iface-edit", "edit XML configuration for a physical host interface", "Edit the XML configuration for a physical host interface.",
        [
            Data("interface", Req, "interface name or MAC address"),
        ]),
        new("iface-list", "list physical host interfaces", "Returns list of physical host interfaces.",
        [
            Bool("inactive", "list inactive interfaces"),
            Bool("all", "list inactive & active interfaces"),
        ]),
        new("iface-mac", "convert an interface name to interface MAC address", "",
        [
            Data("interface", Req, "interface name"),
        ]),
        new("iface-name", "convert an interface MAC address to interface name", "",
        [
            Data("interface", Req, "interface mac"),
        ]),
        new("iface-rollback", "rollback to previous saved configuration created via iface-begin", "rollback to previous restore point", []),
        new("iface-start", "start a physical host interface (enable it / \"if-up\")", "start a physical host interface.",
        [
            Data("interface", Req, "interface name or MAC address"),
        ]),
        new("iface-unbridge", "undefine a bridge device after detaching its device(s)", "unbridge a network device",
        [
            Data("bridge", Req, "current bridge device name"),
            Bool("no-start", "don't start the detached interface immediately (not recommended)"),
        ]),
        new("iface-undefine", "undefine a physical host interface (remove it from configuration)", "undefine an interface.",
        [
            Data("interface", Req, "interface name or MAC address"),
        ]),
    ];
}
