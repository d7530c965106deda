using System.Globalization;
using Vireo.Install.Cli;
using Vireo.Install.Host;
using Vireo.Install.Identity;
using Vireo.Install.OsInfo;

namespace Vireo.Install.Guest;

/// <summary>
/// virt-install's decisions for a new guest, from the options, the connection's capabilities and the OS variant:
/// domain type, arch, machine, features, memory/CPU defaults, disk buses and targets, NICs, graphics, boot order
/// of the install and the final configuration.
/// </summary>
public static class GuestBuilder
{
    public static GuestPlan Build(InstallOptions o, ConnectionFacts f, OsVariant os, IReadOnlyList<DiskPlan> disks, KernelBoot? installKernel)
    {
        var osType = o.Paravirt ? "xen" : "hvm";
        var virtType = o.VirtType ?? (f.IsQemu ? null : f.Driver);
        var guest = f.Caps.Pick(osType, o.Arch, virtType);
        if (guest == null && f.IsQemu && o.VirtType == null)
            guest = f.Caps.Pick(osType, o.Arch, "qemu");
        if (guest == null)
            throw new InstallException(o.Paravirt || o.VirtType != null || o.Arch != null
                ? $"Host does not support {(o.VirtType != null ? "domain type " + o.VirtType + " for " : "")}virtualization type '{osType}'{(o.Arch != null ? " arch '" + o.Arch + "'" : "")}"
                : "Host does not support any virtualization options.");
        var domainType = virtType ?? (guest.DomainTypes.Contains("kvm") ? "kvm" : guest.DomainTypes.FirstOrDefault() ?? "qemu");
        var machine = o.Machine;
        if (machine == null && guest.Machines.Count > 0)
            machine = f.IsQemu && guest.Machines.Contains("q35") && os.SupportsQ35 && (!os.SupportsVirtioNet || HasVirtio1(os)) ? "q35" : guest.Machines[0];

        var plan = new GuestPlan
        {
            Facts = f,
            Os = os,
            Name = o.Name!,
            Uuid = o.Uuid ?? Guid.NewGuid().ToString(),
            DomainType = domainType,
            OsType = osType,
            Arch = guest.Arch,
            Machine = machine,
            Emulator = guest.Emulator,
            Acpi = !o.NoAcpi && guest.Features.Contains("acpi"),
            Apic = !o.NoApic && guest.Features.Contains("apic"),
            Pae = guest.Features.Contains("pae"),
        };

        plan.MemoryKiB = (o.MemoryMiB ?? os.RecommendedRam(plan.Arch) / (1024 * 1024)) * 1024;
        plan.Vcpus = o.Vcpus ?? (int)Math.Max(1, os.RecommendedCpus(plan.Arch));
        plan.MaxVcpus = o.MaxVcpus;
        AddDisks(plan, disks);
        AddNics(plan, o, f);
        SetGraphics(plan, o, f);
        foreach (var c in o.Consoles)
            plan.CharDevices.Add(("console", c.Get("type") ?? "pty", c.Get("path"), c.Get("target_type") ?? c.Get("target.type")));
        foreach (var s in o.Serials)
            plan.CharDevices.Add(("serial", s.Get("type") ?? "pty", s.Get("path"), null));
        if (plan.CharDevices.Count == 0)
            plan.CharDevices.Add(("console", "pty", null, null));
        SetBoot(plan, o, installKernel);
        return plan;
    }

    private static bool HasVirtio1(OsVariant os) => os.AllDevices().Contains("http://pcisig.com/pci/1af4/1041");

    private static void AddDisks(GuestPlan plan, IReadOnlyList<DiskPlan> disks)
    {
        var used = new HashSet<string>(disks.Where(d => d.Target != null).Select(d => d.Target!));
        foreach (var d in disks)
        {
            d.Bus ??= DefaultBus(plan, d);
            if (d.Target == null)
            {
                d.Target = NextTarget(d.Bus, used);
                used.Add(d.Target);
            }

            plan.Disks.Add(d);
        }
    }

    private static string DefaultBus(GuestPlan p, DiskPlan d)
    {
        if (d.Device == "floppy")
            return "fdc";
        if (p.OsType == "xen")
            return "xen";
        if (d.Device == "disk" && p.VirtioDisk)
            return "virtio";
        return p.IsQ35 ? "sata" : "ide";
    }

    private static string NextTarget(string bus, HashSet<string> used)
    {
        var (prefix, max) = bus switch
        {
            "virtio" => ("vd", 26 * 27),
            "xen" => ("xvd", 26 * 27),
            "fdc" => ("fd", 2),
            "ide" => ("hd", 4),
            _ => ("sd", 26 * 27),
        };
        for (int i = 0; i < max; i++)
        {
            var name = prefix + Letters(i);
            if (!used.Contains(name))
                return name;
        }

        throw new InstallException($"Only {max} disks for bus '{bus}' are supported");
    }

    private static string Letters(int i) => i < 26 ? ((char)('a' + i)).ToString() : Letters(i / 26 - 1) + (char)('a' + i % 26);

    private static void AddNics(GuestPlan plan, InstallOptions o, ConnectionFacts f)
    {
        var nets = o.Networks.ToList();
        if (nets.Count == 0)
            nets.Add(SubOptions.Parse("--network", "default", "type"));
        var inUse = new HashSet<string>(f.MacsInUse, StringComparer.OrdinalIgnoreCase);
        foreach (var n in nets)
        {
            n.CheckKnown("type", "network", "bridge", "model", "mac", "model.type", "mac.address", "source", "default");
            var (type, source) = NetworkSource(n, f);
            if (type == "none")
                continue;
            var mac = n.Get("mac") ?? n.Get("mac.address");
            if (mac == null || mac == "RANDOM")
                mac = MacGenerator.Generate(f.IsQemu, inUse);
            else if (!Vireo.Model.Identity.MacAddress.TryParse(mac, out _))
                throw new InstallException($"MAC address '{mac}' must be a valid MAC address");
            inUse.Add(mac);
            plan.Nics.Add(new NicPlan(type, source, n.Get("model") ?? n.Get("model.type") ?? DefaultNicModel(plan), mac.ToLowerInvariant()));
        }
    }

    private static (string Type, string? Source) NetworkSource(SubOptions n, ConnectionFacts f)
    {
        if (n.Get("network") is { } net)
            return ("network", net);
        if (n.Get("bridge") is { } br)
            return ("bridge", br);
        var t = n.Get("type") ?? "default";
        int colon = t.IndexOf(':');
        if (colon > 0)
        {
            var kind = t[..colon];
            var src = t[(colon + 1)..];
            return kind switch
            {
                "network" => ("network", src),
                "bridge" => ("bridge", src),
                _ => throw new InstallException($"Unknown network type {kind}"),
            };
        }

        return t switch
        {
            "none" => ("none", null),
            "user" => ("user", null),
            "network" => ("network", n.Get("source") ?? "default"),
            "bridge" => ("bridge", n.Get("source")),
            "default" => f.IsTest || f.IsSession ? ("user", null) : ("network", "default"),
            _ => throw new InstallException($"Unknown network type {t}"),
        };
    }

    private static string? DefaultNicModel(GuestPlan p)
    {
        if (p.OsType != "hvm")
            return null;
        if (p.VirtioNet)
            return "virtio";
        if (p.IsQ35)
            return "e1000e";
        return p.IsX86 ? "e1000" : null;
    }

    private static void SetGraphics(GuestPlan plan, InstallOptions o, ConnectionFacts f)
    {
        if (o.Graphics.Count == 0)
        {
            plan.GraphicsType = plan.IsX86 ? (f.DomCaps.SupportsSpice && (f.IsQemu || f.IsTest) ? "spice" : "vnc") : "none";
            return;
        }

        var g = o.Graphics[^1];
        g.CheckKnown("type", "port", "listen", "keymap", "password", "autoport", "tlsport");
        var type = g.Get("type") ?? "vnc";
        if (type is not ("vnc" or "spice" or "sdl" or "none"))
            throw new InstallException($"Unknown graphics type '{type}'");
        plan.GraphicsType = type;
        plan.GraphicsPort = g.Get("port");
        plan.GraphicsListen = g.Get("listen");
        plan.GraphicsKeymap = g.Get("keymap");
    }

    private static void SetBoot(GuestPlan plan, InstallOptions o, KernelBoot? installKernel)
    {
        string? kernel = null, initrd = null, args = null;
        var devs = new List<string>();
        foreach (var b in o.Boot)
        {
            var s = SubOptions.Parse("--boot", b, "order");
            foreach (var key in s.Keys)
            {
                var v = s.Get(key)!;
                switch (key)
                {
                    case "order":
                        devs.AddRange(v.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(BootDev));
                        break;
                    case "hd" or "cdrom" or "network" or "fd" or "floppy":
                        devs.Add(BootDev(key));
                        break;
                    case "kernel": kernel = v; break;
                    case "initrd": initrd = v; break;
                    case "kernel_args" or "cmdline" or "extra_args": args = v; break;
                    case "menu" or "useserial" or "bootmenu.enable": break;
                    default:
                        throw new InstallException($"Unknown --boot options: ['{key}']");
                }
            }
        }

        if (kernel != null)
            plan.FinalKernel = new KernelBoot(kernel, initrd, args);
        if (devs.Count > 0)
        {
            plan.FinalBoot.AddRange(devs);
            return;
        }

        plan.FinalBoot.Add(plan.Disks.Any(d => d.Device == "disk") || plan.FinalKernel != null ? "hd" : plan.Disks.Any(d => d.Device == "cdrom") ? "cdrom" : "hd");
        if (installKernel != null)
        {
            plan.InstallKernel = installKernel;
        }
        else if (o.Cdrom != null)
        {
            plan.InstallBoot = new List<string> { "cdrom", "hd" };
        }
        else if (o.Pxe)
        {
            plan.InstallBoot = new List<string> { "network", "hd" };
        }
        else if (o.CloudInit != null && !o.Import)
        {
            plan.InstallBoot = new List<string> { "hd" };
        }
    }

    private static string BootDev(string d) => d switch
    {
        "hd" or "cdrom" or "network" or "fd" => d,
        "floppy" => "fd",
        _ => throw new InstallException($"Unknown boot device '{d}'"),
    };

    /// <summary>"1.5" GiB as bytes, for messages and --check.</summary>
    public static string Gib(long bytes) => (bytes / (1024.0 * 1024 * 1024)).ToString("0.##", CultureInfo.InvariantCulture);
}
