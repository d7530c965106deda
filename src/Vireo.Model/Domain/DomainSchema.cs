using Vireo.Model.Xml;

namespace Vireo.Model.Domain;

/// <summary>The domain schema as the model needs it: allowed attributes and children of each element, in libvirt 9.0's output order.</summary>
internal static class DomainSchema
{
    public static readonly ElementSpec Domain = new("domain", ["type", "id"],
    [
        "name", "uuid", "genid", "title", "description", "metadata", "maxMemory", "memory", "currentMemory",
        "blkiotune", "memtune", "memoryBacking", "vcpu", "vcpus", "iothreads", "iothreadids", "defaultiothread",
        "cputune", "numatune", "resource", "sysinfo", "bootloader", "bootloader_args", "os", "idmap", "features",
        "cpu", "clock", "on_poweroff", "on_reboot", "on_crash", "on_lockfailure", "pm", "perf", "devices",
        "seclabel", "keywrap", "launchSecurity",
    ]);

    public static readonly ElementSpec Memory = new("memory", ["unit", "dumpCore"], []);
    public static readonly ElementSpec MaxMemory = new("maxMemory", ["slots", "unit"], []);
    public static readonly ElementSpec CurrentMemory = new("currentMemory", ["unit"], []);
    public static readonly ElementSpec Vcpu = new("vcpu", ["placement", "cpuset", "current"], []);

    public static readonly ElementSpec Os = new("os", ["firmware"],
    [
        "type", "firmware", "init", "initarg", "initenv", "initdir", "inituser", "initgroup", "loader", "nvram",
        "kernel", "initrd", "cmdline", "dtb", "root", "acpi", "boot", "bootmenu", "smbios", "bios",
    ]);
    public static readonly ElementSpec OsType = new("type", ["arch", "machine"], []);
    public static readonly ElementSpec Loader = new("loader", ["readonly", "secure", "type", "stateless"], []);
    public static readonly ElementSpec Boot = new("boot", ["dev"], []);
    public static readonly ElementSpec BootMenu = new("bootmenu", ["enable", "timeout"], []);

    /// <summary>Feature elements in libvirt's enum (= output) order.</summary>
    public static readonly ElementSpec Features = new("features", [],
    [
        "acpi", "apic", "pae", "hap", "viridian", "privnet", "hyperv", "kvm", "pvspinlock", "capabilities", "pmu",
        "vmport", "gic", "smm", "ioapic", "hpt", "vmcoreinfo", "htm", "nested-hv", "msrs", "ccf-assist", "xen",
        "cfpc", "sbbc", "ibs", "tcg",
    ]);

    public static readonly ElementSpec Cpu = new("cpu", ["mode", "match", "check", "migratable"],
        ["model", "vendor", "topology", "cache", "maxphysaddr", "feature", "numa"]);
    public static readonly ElementSpec CpuModel = new("model", ["fallback", "vendor_id"], []);
    public static readonly ElementSpec CpuTopology = new("topology", ["sockets", "dies", "cores", "threads"], []);

    public static readonly ElementSpec Clock = new("clock", ["offset", "adjustment", "timezone", "basis", "start"], ["timer"]);
    public static readonly ElementSpec Timer = new("timer", ["name", "track", "tickpolicy", "frequency", "mode", "present"], ["catchup"]);

    public static readonly ElementSpec Devices = new("devices", [],
    [
        "emulator", "disk", "controller", "lease", "filesystem", "interface", "smartcard", "serial", "parallel",
        "console", "channel", "input", "tpm", "graphics", "sound", "audio", "video", "hostdev", "redirdev",
        "redirfilter", "hub", "watchdog", "memballoon", "rng", "nvram", "panic", "shmem", "memory", "iommu", "vsock",
    ]);

    // Per-device children common to all devices (virDomainDeviceInfoFormat order).
    private static readonly string[] InfoChildren = ["boot", "alias", "master", "rom", "acpi", "address"];

    public static readonly ElementSpec Disk = new("disk", ["type", "device", "model", "rawio", "sgio", "snapshot"],
    [
        "driver", "auth", "source", "backingStore", "backenddomain", "geometry", "blockio", "mirror", "target",
        "iotune", "readonly", "shareable", "transient", "serial", "wwn", "vendor", "product", "encryption",
        .. InfoChildren, "privateData",
    ]);
    public static readonly ElementSpec DiskDriver = new("driver",
    [
        "name", "type", "cache", "error_policy", "rerror_policy", "io", "ioeventfd", "event_idx", "copy_on_read",
        "discard", "iothread", "detect_zeroes", "queues", "queue_size", "iommu", "ats", "packed", "page_per_vq",
    ], ["metadata_cache"]);
    public static readonly ElementSpec DiskSource = new("source",
    [
        "file", "dev", "dir", "protocol", "name", "tls", "tlsHostname", "query", "pool", "volume", "mode", "type",
        "path", "namespace", "managed", "fdgroup", "index", "startupPolicy",
    ],
    [
        "host", "snapshot", "config", "auth", "encryption", "initiator", "cookies", "ssl", "readahead", "timeout",
        "identity", "reconnect", "address", "slices", "seclabel", "reservations", "privateData",
    ]);
    public static readonly ElementSpec DiskTarget = new("target", ["dev", "bus", "tray", "removable", "rotation_rate"], []);

    public static readonly ElementSpec Address = new("address",
    [
        "type", "domain", "bus", "slot", "function", "multifunction", "controller", "target", "unit", "port",
        "reg", "cssid", "ssid", "devno", "iobase", "irq", "base",
    ], ["zpci"]);
    public static readonly ElementSpec DeviceBoot = new("boot", ["order", "loadparm"], []);
    public static readonly ElementSpec Alias = new("alias", ["name"], []);

    public static readonly ElementSpec Interface = new("interface", ["type", "managed", "trustGuestRxFilters"],
    [
        "mac", "source", "vlan", "virtualport", "bandwidth", "port", "ip", "route", "portForward", "script",
        "downscript", "backenddomain", "target", "guest", "model", "backend", "driver", "filterref", "tune",
        "teaming", "link", "mtu", "coalesce", .. InfoChildren,
    ]);
    public static readonly ElementSpec InterfaceSource = new("source",
    [
        "network", "portgroup", "portid", "bridge", "macTableManager", "dev", "mode", "type", "path", "name",
        "address", "port", "missing", "switchid", "portgroupid", "connectionid",
    ], ["ip", "route", "local", "reconnect", "vendor", "product", "address"]);
    public static readonly ElementSpec InterfaceMac = new("mac", ["address", "type", "check"], []);
    public static readonly ElementSpec InterfaceTarget = new("target", ["dev", "managed"], []);
    public static readonly ElementSpec InterfaceModel = new("model", ["type"], []);

    public static readonly ElementSpec Controller = new("controller",
        ["type", "index", "model", "ports", "vectors", "maxGrantFrames", "maxEventChannels"],
        ["model", "target", "driver", .. InfoChildren, "pcihole64"]);

    public static readonly ElementSpec Input = new("input", ["type", "bus", "model"], ["source", "driver", .. InfoChildren]);

    public static readonly ElementSpec Graphics = new("graphics",
    [
        "type", "socket", "display", "xauth", "fullscreen", "port", "tlsPort", "autoport", "websocket",
        "replaceUser", "multiUser", "listen", "keymap", "defaultMode", "sharePolicy", "passwd", "passwdValidTo",
        "connected", "powerControl", "p2p", "address",
    ],
    [
        "listen", "channel", "image", "jpeg", "zlib", "playback", "streaming", "mouse", "clipboard",
        "filetransfer", "gl", "audio",
    ]);
    public static readonly ElementSpec GraphicsListen = new("listen", ["type", "address", "network", "socket"], []);

    public static readonly ElementSpec Video = new("video", [], ["driver", "model", .. InfoChildren]);
    public static readonly ElementSpec VideoModel = new("model", ["type", "ram", "vram", "vram64", "vgamem", "heads", "primary"], ["acceleration", "resolution"]);

    public static ElementSpec Chr(string name) => name switch
    {
        "serial" => Serial,
        "parallel" => Parallel,
        "console" => Console,
        _ => Channel,
    };
    public static readonly ElementSpec Serial = new("serial", ["type", "tty"], ["source", "protocol", "log", "target", .. InfoChildren]);
    public static readonly ElementSpec Parallel = new("parallel", ["type", "tty"], ["source", "protocol", "log", "target", .. InfoChildren]);
    public static readonly ElementSpec Console = new("console", ["type", "tty"], ["source", "protocol", "log", "target", .. InfoChildren]);
    public static readonly ElementSpec Channel = new("channel", ["type"], ["source", "protocol", "log", "target", .. InfoChildren]);
    public static readonly ElementSpec ChrSource = new("source",
        ["mode", "host", "service", "path", "channel", "master", "slave", "append", "tls"],
        ["reconnect", "seclabel", "clipboard", "mouse"]);
    public static readonly ElementSpec ChrTarget = new("target", ["type", "address", "port", "name", "state"], ["model"]);

    public static readonly ElementSpec Memballoon = new("memballoon", ["model", "autodeflate", "freePageReporting"],
        ["stats", "alias", "acpi", "address", "driver"]);
}
