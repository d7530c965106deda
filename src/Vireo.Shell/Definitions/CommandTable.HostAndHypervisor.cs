// virsh 9.0 "Host and Hypervisor" commands (tools/virsh-*.c): names, help texts and options transcribed
// verbatim, so that 'help' and option parsing match virsh byte for byte. Do not reword.
namespace Vireo.Shell.Definitions;

internal static partial class CommandTable
{
    private static CommandDef[] HostAndHypervisor() =>
    [
        new("allocpages", "Manipulate pages pool size", "Allocate or free some pages in the pool for NUMA cell.",
        [
            Int("pagesize", Req, "page size (in kibibytes)"),
            Int("pagecount", Req, "page count"),
            Int("cellno", None, "NUMA cell number"),
            Bool("add", "instead of setting new pool size add pages to it"),
            Bool("all", "set on all NUMA cells"),
        ]),
        new("capabilities", "capabilities", "Returns capabilities of hypervisor/driver.", []),
        new("cpu-baseline", "compute baseline CPU", "Compute baseline CPU for a set of given CPUs.",
        [
            Data("file", Req, "file containing XML CPU descriptions"),
            Bool("features", "Show features that are part of the CPU model type"),
            Bool("migratable", "Do not include features that block migration"),
        ]),
        new("cpu-compare", "compare host CPU with a CPU described by an XML file", "compare CPU with host CPU",
        [
            Data("file", Req, "file containing an XML CPU description"),
            Bool("error", "report error if CPUs are incompatible"),
            Bool("validate", "validate the XML document against schema"),
        ]),
        new("cpu-models", "CPU models", "Get the CPU models for an arch.",
        [
            Data("arch", Req, "architecture"),
        ]),
        new("domcapabilities", "domain capabilities", "Returns capabilities of emulator with respect to host and libvirt.",
        [
            Str("virttype", None, "virtualization type (/domain/@type)"),
            Str("emulatorbin", None, "path to emulator binary (/domain/devices/emulator)"),
            Str("arch", None, "domain architecture (/domain/os/type/@arch)"),
            Str("machine", None, "machine type (/domain/os/type/@machine)"),
        ]),
        new("freecell", "NUMA free memory", "display available free memory for the NUMA cell.",
        [
            Int("cellno", None, "NUMA cell number"),
            Bool("all", "show free memory for all NUMA cells"),
        ]),
        new("freepages", "NUMA free pages", "display available free pages for the NUMA cell.",
        [
            Int("cellno", None, "NUMA cell number"),
            Int("pagesize", None, "page size (in kibibytes)"),
            Bool("all", "show free pages for all NUMA cells"),
        ]),
        new("hostname", "print the hypervisor hostname", "", []),
        new("hypervisor-cpu-baseline", "compute baseline CPU usable by a specific hypervisor", "Compute baseline CPU for a set of given CPUs. The result will be tailored to the specified hypervisor.",
        [
            Str("file", None, "file containing XML CPU descriptions"),
            Str("virttype", None, "virtualization type (/domain/@type)"),
            Str("emulator", None, "path to emulator binary (/domain/devices/emulator)"),
            Str("arch", None, "CPU architecture (/domain/os/type/@arch)"),
            Str("machine", None, "machine type (/domain/os/type/@machine)"),
            Bool("features", "Show features that are part of the CPU model type"),
            Bool("migratable", "Do not include features that block migration"),
            Str("model", None, "Shortcut for calling the command with a single CPU model and no additional features"),
        ]),
        new("hypervisor-cpu-compare", "compare a CPU with the CPU created by a hypervisor on the host", "compare CPU with hypervisor CPU",
        [
            Data("file", Req, "file containing an XML CPU description"),
            Str("virttype", None, "virtualization type (/domain/@type)"),
            Str("emulator", None, "path to emulator binary (/domain/devices/emulator)"),
            Str("arch", None, "CPU architecture (/domain/os/type/@arch)"),
            Str("machine", None, "machine type (/domain/os/type/@machine)"),
            Bool("error", "report error if CPUs are incompatible"),
            Bool("validate", "validate the XML document against schema"),
        ]),
        new("maxvcpus", "connection vcpu maximum", "Show maximum number of virtual CPUs for guests on this connection.",
        [
            Str("type", None, "domain type"),
        ]),
        new("node-memory-tune", "Get or set node memory parameters", "Get or set node memory parameters\n    To get the memory parameters, use following command: \n\n    virsh # node-memory-tune",
        [
            Int("shm-pages-to-scan", None, "number of pages to scan before the shared memory service goes to sleep"),
            Int("shm-sleep-millisecs", None, "number of millisecs the shared memory service should sleep before next scan"),
            Int("shm-merge-across-nodes", None, "Specifies if pages from different numa nodes can be merged"),
        ]),
        new("nodecpumap", "node cpu map", "Displays the node's total number of CPUs, the number of online CPUs and the list of online CPUs.",
        [
            Bool("pretty", "return human readable output"),
        ]),
        new("nodecpustats", "Prints cpu stats of the node.", "Returns cpu stats of the node, in nanoseconds.",
        [
            Int("cpu", None, "prints specified cpu statistics only."),
            Bool("percent", "prints by percentage during 1 second."),
        ]),
        new("nodeinfo", "node information", "Returns basic information about the node.", []),
        new("nodememstats", "Prints memory stats of the node.", "Returns memory stats of the node, in kilobytes.",
        [
            Int("cell", None, "prints specified cell statistics only."),
        ]),
        new("nodesevinfo", "node SEV information", "Returns basic SEV information about the node.", []),
        new("nodesuspend", "suspend the host node for a given time duration", "Suspend the host node for a given time duration and attempt to resume thereafter.",
        [
            Data("target", Req, "mem(Suspend-to-RAM), disk(Suspend-to-Disk), hybrid(Hybrid-Suspend)"),
            Int("duration", Req, "Suspend duration in seconds, at least 60"),
        ]),
        new("sysinfo", "print the hypervisor sysinfo", "output an XML string for the hypervisor sysinfo, if available", []),
        new("uri", "print the hypervisor canonical URI", "", []),
        new("version", "show version", "Display the system version information.",
        [
            Bool("daemon", "report daemon version too"),
        ]),
    ];
}
