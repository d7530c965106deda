namespace Vireo.Install.Cli;

/// <summary>virt-install 4.1's options (modern and the guide's old spellings), as the argument parser sees them.</summary>
public static class InstallArgs
{
    private static ArgSpec Flag(string key, params string[] names) => new(names, key, ArgArity.Flag);
    private static ArgSpec One(string key, params string[] names) => new(names, key, ArgArity.One);
    private static ArgSpec Opt(string key, string constant, params string[] names) => new(names, key, ArgArity.Optional, constant);

    /// <summary>Device/tuning options virt-install has that vireo-install does not build: refused with a clear error.</summary>
    public static readonly string[] Unsupported =
    {
        "--controller", "--input", "--parallel", "--channel", "--hostdev", "--host-device", "--filesystem", "--sound",
        "--soundhw", "--audio", "--watchdog", "--video", "--smartcard", "--redirdev", "--memballoon", "--tpm", "--rng",
        "--panic", "--shmem", "--memdev", "--vsock", "--iommu", "--iothreads", "--seclabel", "--security", "--keywrap",
        "--cputune", "--numatune", "--memtune", "--blkiotune", "--memorybacking", "--features", "--clock", "--pm",
        "--events", "--resource", "--sysinfo", "--qemu-commandline", "--launchSecurity", "--launchsecurity", "--idmap",
        "--xml", "--install", "--reinstall", "--container", "--livecd", "--cpu", "--metadata", "--cpuset",
    };

    public static readonly ArgSpec[] Specs = BuildSpecs();

    private static ArgSpec[] BuildSpecs()
    {
        var specs = new List<ArgSpec>
        {
            Flag("help", "-h", "--help"),
            Flag("version", "--version"),
            One("connect", "--connect"),
            One("name", "-n", "--name"),
            One("uuid", "-u", "--uuid"),
            One("description", "--description"),
            One("memory", "--memory"),
            One("ram", "-r", "--ram"),
            One("vcpus", "--vcpus"),
            One("disk", "--disk"),
            One("file", "-f", "--file"),
            One("file-size", "-s", "--file-size"),
            Flag("nonsparse", "--nonsparse"),
            Flag("nodisks", "--nodisks"),
            One("cdrom", "-c", "--cdrom"),
            One("location", "-l", "--location"),
            Flag("pxe", "--pxe"),
            Flag("import", "--import"),
            One("extra-args", "-x", "--extra-args"),
            One("initrd-inject", "--initrd-inject"),
            Opt("unattended", "1", "--unattended"),
            Opt("cloud-init", "1", "--cloud-init"),
            One("os-type", "--os-type"),
            One("os-variant", "--os-variant", "--osinfo"),
            One("boot", "--boot"),
            One("network", "-w", "--network"),
            One("bridge", "-b", "--bridge"),
            One("mac", "-m", "--mac"),
            Flag("nonetworks", "--nonetworks"),
            One("graphics", "--graphics"),
            Flag("vnc", "--vnc"),
            One("vncport", "--vncport"),
            One("vnclisten", "--vnclisten"),
            One("keymap", "-k", "--keymap"),
            Flag("sdl", "--sdl"),
            Flag("nographics", "--nographics"),
            One("console", "--console"),
            One("serial", "--serial"),
            Flag("hvm", "-v", "--hvm"),
            Flag("paravirt", "-p", "--paravirt"),
            One("virt-type", "--virt-type"),
            One("arch", "--arch"),
            One("machine", "--machine"),
            Flag("accelerate", "--accelerate"),
            Flag("noapic", "--noapic"),
            Flag("noacpi", "--noacpi"),
            Flag("autostart", "--autostart"),
            Flag("transient", "--transient"),
            Flag("destroy-on-exit", "--destroy-on-exit"),
            Opt("wait", "-1", "--wait"),
            Flag("prompt", "--prompt"),
            Flag("force", "--force"),
            One("autoconsole", "--autoconsole"),
            Flag("noautoconsole", "--noautoconsole"),
            Flag("noreboot", "--noreboot"),
            Flag("replace", "--replace"),
            Opt("print-xml", "all", "--print-xml"),
            One("print-step", "--print-step"),
            Flag("dry-run", "--dry-run"),
            One("check", "--check"),
            Flag("quiet", "-q", "--quiet"),
            Flag("debug", "-d", "--debug"),
            // vireo-install's own: the guide's macgen.py (chapter 17.8) and a fresh UUID
            Opt("print-mac", "qemu", "--print-mac"),
            Flag("print-uuid", "--print-uuid"),
        };
        specs.AddRange(Unsupported.Select(n => One("unsupported" + n, n)));
        return specs.ToArray();
    }
}
