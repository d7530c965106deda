using System.Globalization;

namespace Vireo.Install.Cli;

/// <summary>
/// What the command line asks for, after virt-install's conversions of old options: -r/--ram to --memory,
/// -f/--file + -s/--file-size (+ --nonsparse) to --disk, -b/--bridge and -m/--mac to --network, --vnc and
/// --nographics to --graphics, --accelerate/--hvm accepted (KVM is the default, HVM the only kind).
/// </summary>
public sealed class InstallOptions
{
    public string? Connect { get; set; }
    public string? Name { get; set; }
    public string? Uuid { get; set; }
    public long? MemoryMiB { get; set; }
    public int? Vcpus { get; set; }
    public int? MaxVcpus { get; set; }
    public List<SubOptions> Disks { get; } = new();
    public bool NoDisks { get; set; }
    public string? Cdrom { get; set; }
    public string? Location { get; set; }
    public bool Pxe { get; set; }
    public bool Import { get; set; }
    public string? ExtraArgs { get; set; }
    public List<string> InitrdInject { get; } = new();
    public string? Unattended { get; set; }
    public string? CloudInit { get; set; }
    public string? OsVariant { get; set; }
    public List<string> Boot { get; } = new();
    public List<SubOptions> Networks { get; } = new();
    public List<SubOptions> Graphics { get; } = new();
    public List<SubOptions> Consoles { get; } = new();
    public List<SubOptions> Serials { get; } = new();
    public bool Paravirt { get; set; }
    public string? VirtType { get; set; }
    public string? Arch { get; set; }
    public string? Machine { get; set; }
    public bool NoApic { get; set; }
    public bool NoAcpi { get; set; }
    public bool Autostart { get; set; }
    public bool Transient { get; set; }
    public bool DestroyOnExit { get; set; }
    public int? WaitMinutes { get; set; }
    public bool NoAutoconsole { get; set; }
    public bool NoReboot { get; set; }
    public string? PrintXml { get; set; }
    public bool DryRun { get; set; }
    public List<SubOptions> Checks { get; } = new();
    public bool Quiet { get; set; }
    public string? PrintMac { get; set; }
    public bool PrintUuid { get; set; }
    public bool Help { get; set; }
    public bool Version { get; set; }

    public bool HasInstallMethod => Cdrom != null || Location != null || Pxe || Import || Boot.Count > 0 || CloudInit != null;

    public static InstallOptions FromArgs(ParsedArgs a)
    {
        if (a.Positionals.Count > 0)
            throw new ArgParseException("unrecognized arguments: " + string.Join(' ', a.Positionals));
        foreach (var u in InstallArgs.Unsupported)
            if (a.Has("unsupported" + u))
                throw new InstallException($"{u} is not supported by vireo-install");

        var o = new InstallOptions
        {
            Help = a.Has("help"),
            Version = a.Has("version"),
            Connect = a.Last("connect"),
            Name = a.Last("name"),
            Uuid = a.Last("uuid"),
            NoDisks = a.Has("nodisks"),
            Cdrom = a.Last("cdrom"),
            Location = a.Last("location"),
            Pxe = a.Has("pxe"),
            Import = a.Has("import"),
            Unattended = a.Last("unattended"),
            CloudInit = a.Last("cloud-init"),
            OsVariant = a.Last("os-variant"),
            Paravirt = a.Has("paravirt"),
            VirtType = a.Last("virt-type"),
            Arch = a.Last("arch"),
            Machine = a.Last("machine"),
            NoApic = a.Has("noapic"),
            NoAcpi = a.Has("noacpi"),
            Autostart = a.Has("autostart"),
            Transient = a.Has("transient"),
            DestroyOnExit = a.Has("destroy-on-exit"),
            NoAutoconsole = a.Has("noautoconsole") || a.Last("autoconsole") == "none",
            NoReboot = a.Has("noreboot"),
            PrintXml = a.Last("print-xml") ?? a.Last("print-step"),
            DryRun = a.Has("dry-run"),
            Quiet = a.Has("quiet"),
            PrintMac = a.Last("print-mac"),
            PrintUuid = a.Has("print-uuid"),
        };
        if (a.Last("wait") is { } w)
            o.WaitMinutes = ParseInt("--wait", w);
        if (a.All("extra-args").Count > 0)
            o.ExtraArgs = string.Join(' ', a.All("extra-args"));
        o.InitrdInject.AddRange(a.All("initrd-inject"));
        o.Boot.AddRange(a.All("boot"));
        ParseMemory(a, o);
        ParseVcpus(a, o);
        ParseDisks(a, o);
        ParseNetworks(a, o);
        ParseGraphics(a, o);
        o.Consoles.AddRange(a.All("console").Select(c => SubOptions.Parse("--console", c, "type")));
        o.Serials.AddRange(a.All("serial").Select(c => SubOptions.Parse("--serial", c, "type")));
        o.Checks.AddRange(a.All("check").Select(c => SubOptions.Parse("--check", c, "all")));
        return o;
    }

    private static int ParseInt(string option, string v) =>
        int.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n
            : throw new ArgParseException($"argument {option}: invalid int value: '{v}'");

    private static void ParseMemory(ParsedArgs a, InstallOptions o)
    {
        if (a.Last("memory") is { } m)
        {
            var s = SubOptions.Parse("--memory", m, "memory");
            var v = s.Get("memory") ?? s.Get("currentMemory") ?? s.Get("maxmemory");
            if (v != null)
                o.MemoryMiB = long.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out var mb) ? mb
                    : throw new InstallException($"Error: --memory {m}: could not convert string to int: '{v}'");
        }
        else if (a.Last("ram") is { } r)
        {
            o.MemoryMiB = ParseInt("-r/--ram", r);
        }
    }

    private static void ParseVcpus(ParsedArgs a, InstallOptions o)
    {
        if (a.Last("vcpus") is not { } v)
            return;
        var s = SubOptions.Parse("--vcpus", v, "vcpus");
        if (s.Get("vcpus") is { } n)
            o.Vcpus = ParseInt("--vcpus", n);
        if (s.Get("maxvcpus") is { } max)
            o.MaxVcpus = ParseInt("--vcpus", max);
    }

    private static void ParseDisks(ParsedArgs a, InstallOptions o)
    {
        o.Disks.AddRange(a.All("disk").Select(d => SubOptions.Parse("--disk", d, "path")));
        var files = a.All("file");
        if (files.Count == 0)
            return;
        string? size = a.Last("file-size");
        if (size != null && !double.TryParse(size, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
            throw new ArgParseException($"argument -s/--file-size: invalid float value: '{size}'");
        foreach (var f in files)
        {
            var text = "path=" + f;
            if (size != null)
                text += ",size=" + size;
            if (a.Has("nonsparse"))
                text += ",sparse=no";
            o.Disks.Add(SubOptions.Parse("--disk", text, "path"));
        }
    }

    private static void ParseNetworks(ParsedArgs a, InstallOptions o)
    {
        if (a.Has("nonetworks"))
        {
            o.Networks.Add(SubOptions.Parse("--network", "none", "type"));
            return;
        }

        var texts = a.All("network").ToList();
        texts.AddRange(a.All("bridge").Select(b => "bridge=" + b));
        var macs = a.All("mac");
        if (texts.Count == 0 && macs.Count > 0)
            texts.Add("default");
        for (int i = 0; i < texts.Count; i++)
        {
            var t = texts[i];
            if (i < macs.Count)
                t += ",mac=" + macs[i];
            o.Networks.Add(SubOptions.Parse("--network", t, "type"));
        }
    }

    private static void ParseGraphics(ParsedArgs a, InstallOptions o)
    {
        var texts = a.All("graphics").ToList();
        if (texts.Count == 0)
        {
            if (a.Has("nographics"))
                texts.Add("none");
            else if (a.Has("vnc"))
            {
                var t = "vnc";
                if (a.Last("vncport") is { } p)
                    t += ",port=" + p;
                if (a.Last("vnclisten") is { } l)
                    t += ",listen=" + l;
                if (a.Last("keymap") is { } k)
                    t += ",keymap=" + k;
                texts.Add(t);
            }
            else if (a.Has("sdl"))
                texts.Add("sdl");
        }

        o.Graphics.AddRange(texts.Select(g => SubOptions.Parse("--graphics", g, "type")));
    }
}
