// virsh 9.0 "Node Device" commands (tools/virsh-*.c): names, help texts and options transcribed
// verbatim, so that 'help' and option parsing match virsh byte for byte. Do not reword.
namespace Vireo.Shell.Definitions;

internal static partial class CommandTable
{
    private static CommandDef[] NodeDevice() =>
    [
        new("nodedev-create", "create a device defined by an XML file on the node", "Create a device on the node.  Note that this command creates devices on the physical host that can then be assigned to a virtual machine.",
        [
            Data("file", Req, "file containing an XML description of the device"),
            Bool("validate", "validate the XML against the schema"),
        ]),
        new("nodedev-destroy", "destroy (stop) a device on the node", "Destroy a device on the node.  Note that this command destroys devices on the physical host",
        [
            Alias("name", "device"),
            Data("device", Req, "device name or wwn pair in 'wwnn,wwpn' format"),
        ]),
        new("nodedev-detach", "detach node device from its device driver", "Detach node device from its device driver before assigning to a domain.",
        [
            Data("device", Req, "device key"),
            Str("driver", None, "pci device assignment backend driver (e.g. 'vfio' or 'xen')"),
        ]),
        new("nodedev-dettach", "", "", [], CommandFlags.Alias, "nodedev-detach"),
        new("nodedev-dumpxml", "node device details in XML", "Output the node device details as an XML dump to stdout.",
        [
            Data("device", Req, "device name or wwn pair in 'wwnn,wwpn' format"),
            Str("xpath", ReqOpt, "xpath expression to filter the XML document"),
            Bool("wrap", "wrap xpath results in an common root element"),
        ]),
        new("nodedev-list", "enumerate devices on this host", "",
        [
            Bool("tree", "list devices in a tree"),
            Str("cap", None, "capability names, separated by comma"),
            Bool("inactive", "list inactive devices"),
            Bool("all", "list inactive & active devices"),
        ]),
        new("nodedev-reattach", "reattach node device to its device driver", "Reattach node device to its device driver once released by the domain.",
        [
            Data("device", Req, "device key"),
        ]),
        new("nodedev-reset", "reset node device", "Reset node device before or after assigning to a domain.",
        [
            Data("device", Req, "device key"),
        ]),
        new("nodedev-event", "Node Device Events", "List event types, or wait for node device events to occur",
        [
            Str("device", None, "filter by node device name"),
            Str("event", None, "which event type to wait for"),
            Bool("loop", "loop until timeout or interrupt, rather than one-shot"),
            Int("timeout", None, "timeout seconds"),
            Bool("list", "list valid event types"),
            Bool("timestamp", "show timestamp for each printed event"),
        ]),
        new("nodedev-define", "Define a device by an xml file on a node", "Defines a persistent device on the node that can be assigned to a domain. The device must be started before it can be assigned to a domain.",
        [
            Data("file", Req, "file containing an XML description of the device"),
            Bool("validate", "validate the XML against the schema"),
        ]),
        new("nodedev-undefine", "Undefine an inactive node device", "Undefines the configuration for an inactive node device",
        [
            Data("device", Req, "device name or wwn pair in 'wwnn,wwpn' format"),
        ]),
        new("nodedev-start", "Start an inactive node device", "Starts an inactive node device that was previously defined",
        [
            Data("device", Req, "device name"),
        ]),
        new("nodedev-autostart", "autostart a defined node device", "Configure a node device to be automatically started at boot.",
        [
            Data("device", Req, "device name or wwn pair in 'wwnn,wwpn' format"),
            Bool("disable", "disable autostarting"),
        ]),
        new("nodedev-info", "node device information", "Returns basic information about the node device",
        [
            Data("device", Req, "device name or wwn pair in 'wwnn,wwpn' format"),
        ]),
    ];
}
