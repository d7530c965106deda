// virsh 9.0 "Networking" commands (tools/virsh-*.c): names, help texts and options transcribed
// verbatim, so that 'help' and option parsing match virsh byte for byte. Do not reword.
namespace Vireo.Shell.Definitions;

internal static partial class CommandTable
{
    private static CommandDef[] Networking() =>
    [
        new("net-autostart", "autostart a network", "Configure a network to be automatically started at boot.",
        [
            Data("network", Req, "network name or uuid"),
            Bool("disable", "disable autostarting"),
        ]),
        new("net-create", "create a network from an XML file", "Create a network.",
        [
            Data("file", Req, "file containing an XML network description"),
            Bool("validate", "validate the XML against the schema"),
        ]),
        new("net-define", "define an inactive persistent virtual network or modify an existing persistent one from an XML file", "Define or modify a persistent virtual network.",
        [
            Data("file", Req, "file containing an XML network description"),
            Bool("validate", "validate the XML against the schema"),
        ]),
        new("net-destroy", "destroy (stop) a network", "Forcefully stop a given network.",
        [
            Data("network", Req, "network name or uuid"),
        ]),
        new("net-dhcp-leases", "print lease info for a given network", "Print lease info for a given network",
        [
            Data("network", Req, "network name or uuid"),
            Str("mac", None, "MAC address"),
        ]),
        new("net-dumpxml", "network information in XML", "Output the network information as an XML dump to stdout.",
        [
            Data("network", Req, "network name or uuid"),
            Bool("inactive", "show inactive defined XML"),
            Str("xpath", ReqOpt, "xpath expression to filter the XML document"),
            Bool("wrap", "wrap xpath results in an common root element"),
        ]),
        new("net-edit", "edit XML configuration for a network", "Edit the XML configuration for a network.",
        [
            Data("network", Req, "network name or uuid"),
        ]),
        new("net-event", "Network Events", "List event types, or wait for network events to occur",
        [
            Str("network", None, "filter by network name or uuid"),
            Str("event", None, "which event type to wait for"),
            Bool("loop", "loop until timeout or interrupt, rather than one-shot"),
            Int("timeout", None, "timeout seconds"),
            Bool("list", "list valid event types"),
            Bool("timestamp", "show timestamp for each printed event"),
        ]),
        new("net-info", "network information", "Returns basic information about the network",
        [
            Data("network", Req, "network name or uuid"),
        ]),
        new("net-list", "list networks", "Returns list of networks.",
        [
            Bool("inactive", "list inactive networks"),
            Bool("all", "list inactive & active networks"),
            Bool("persistent", "list persistent networks"),
            Bool("transient", "list transient networks"),
            Bool("autostart", "list networks with autostart enabled"),
            Bool("no-autostart", "list networks with autostart disabled"),
            Bool("uuid", "list uuid's only"),
            Bool("name", "list network names only"),
            Bool("table", "list table (default)"),
        ]),
        new("net-name", "convert a network UUID to network name", "",
        [
            Data("network", Req, "network uuid"),
        ]),
        new("net-start", "start a (previously defined) inactive network", "Start a network.",
        [
            Data("network", Req, "network name or uuid"),
        ]),
        new("net-undefine", "undefine a persistent network", "Undefine the configuration for a persistent network.",
        [
            Data("network", Req, "network name or uuid"),
        ]),
        new("net-update", "update parts of an existing network's configuration", "",
        [
            Data("network", Req, "network name or uuid"),
            Data("command", Req, "type of update (add-first, add-last (add), delete, or modify)"),
            Data("section", Req, "which section of network configuration to update"),
            Data("xml", Req, "name of file containing xml (or, if it starts with '<', the complete xml element itself) to add/modify, or to be matched for search"),
            Int("parent-index", None, "which parent object to search through"),
            Bool("config", "affect next network startup"),
            Bool("live", "affect running network"),
            Bool("current", "affect current state of network"),
        ]),
        new("net-uuid", "convert a network name to network UUID", "",
        [
            Data("network", Req, "network name"),
        ]),
        new("net-port-list", "list network ports", "Returns list of network ports.",
        [
            Data("network", Req, "network name or uuid"),
            Bool("uuid", "list uuid's only"),
            Bool("table", "list table (default)"),
        ]),
        new("net-port-create", "create a network port from an XML file", "Create a network port.",
        [
            Data("network", Req, "network name or uuid"),
            Data("file", Req, "file containing an XML network port description"),
            Bool("validate", "validate the XML against the schema"),
        ]),
        new("net-port-dumpxml", "network port information in XML", "Output the network port information as an XML dump to stdout.",
        [
            Data("network", Req, "network name or uuid"),
            Data("port", Req, "port UUID"),
            Str("xpath", ReqOpt, "xpath expression to filter the XML document"),
            Bool("wrap", "wrap xpath results in an common root element"),
        ]),
        new("net-port-delete", "delete the specified network port", "Delete the specified network port.",
        [
            Data("network", Req, "network name or uuid"),
            Data("port", Req, "port UUID"),
        ]),
    ];
}
