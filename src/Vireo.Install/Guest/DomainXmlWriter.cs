using System.Globalization;

namespace Vireo.Install.Guest;

/// <summary>
/// The domain XML virt-install 4.1 would print for a <see cref="GuestPlan"/>: its element order, its default devices
/// (USB controllers, console, tablet, video, spice channel/sound/redirdevs, guest-agent channel, balloon, rng) and,
/// for installs, a first-boot XML (install media first, on_reboot destroy) and a final one (boot from disk).
/// </summary>
public static class DomainXmlWriter
{
    public static string Install(GuestPlan p) => Build(p, install: true).ToString();

    public static string Final(GuestPlan p) => Build(p, install: false).ToString();

    private static XmlNode Build(GuestPlan p, bool install)
    {
        var f = p.Facts;
        var d = new XmlNode("domain").Attr("type", p.DomainType);
        d.Child("name", p.Name);
        d.Child("uuid", p.Uuid);
        if (!p.Os.IsGeneric)
        {
            d.Child("metadata").Child("libosinfo:libosinfo")
                .Attr("xmlns:libosinfo", "http://libosinfo.org/xmlns/libvirt/domain/1.0")
                .Child("libosinfo:os").Attr("id", p.Os.Id);
        }

        var mem = p.MemoryKiB.ToString(CultureInfo.InvariantCulture);
        d.Child("memory", mem);
        d.Child("currentMemory", mem);
        var vcpu = d.Child("vcpu", (p.MaxVcpus ?? p.Vcpus).ToString(CultureInfo.InvariantCulture));
        if (p.MaxVcpus is { } max && max != p.Vcpus)
            vcpu.Attr("current", p.Vcpus.ToString(CultureInfo.InvariantCulture));

        WriteOs(d, p, install);
        WriteFeatures(d, p);
        if (f.IsQemu && p.DomainType == "kvm" && p.IsX86)
            d.Child("cpu").Attr("mode", "host-passthrough");
        WriteClock(d, p);
        if (p.IsX86 && (f.IsQemu || f.IsTest))
        {
            var pm = d.Child("pm");
            pm.Child("suspend-to-mem").Attr("enabled", "no");
            pm.Child("suspend-to-disk").Attr("enabled", "no");
        }

        WriteDevices(d.Child("devices"), p, install);
        if (install && p.HasInstallPhase)
            d.Child("on_reboot", "destroy");
        return d;
    }

    private static void WriteOs(XmlNode d, GuestPlan p, bool install)
    {
        var os = d.Child("os");
        os.Child("type", p.OsType).Attr("arch", p.Arch).Attr("machine", p.Machine);
        var kernel = install && p.InstallKernel != null ? p.InstallKernel : p.FinalKernel;
        if (kernel != null)
        {
            os.Child("kernel", kernel.Kernel);
            if (kernel.Initrd != null)
                os.Child("initrd", kernel.Initrd);
            if (!string.IsNullOrEmpty(kernel.Cmdline))
                os.Child("cmdline", kernel.Cmdline);
        }

        var boot = install && p.InstallBoot != null ? p.InstallBoot : p.FinalBoot;
        if (!(install && p.InstallKernel != null))
            foreach (var dev in boot)
                os.Child("boot").Attr("dev", dev);
    }

    private static void WriteFeatures(XmlNode d, GuestPlan p)
    {
        bool vmport = p.HasSpice && p.IsX86 && (p.Facts.IsQemu || p.Facts.IsTest);
        if (!p.Acpi && !p.Apic && !p.Pae && !vmport)
            return;
        var f = d.Child("features");
        if (p.Acpi)
            f.Child("acpi");
        if (p.Apic)
            f.Child("apic");
        if (p.Pae)
            f.Child("pae");
        if (vmport)
            f.Child("vmport").Attr("state", "off");
    }

    private static void WriteClock(XmlNode d, GuestPlan p)
    {
        var clock = d.Child("clock").Attr("offset", p.Os.IsWindows ? "localtime" : "utc");
        if (!p.Facts.IsQemu || !p.IsX86)
            return;
        clock.Child("timer").Attr("name", "rtc").Attr("tickpolicy", "catchup");
        clock.Child("timer").Attr("name", "pit").Attr("tickpolicy", "delay");
        clock.Child("timer").Attr("name", "hpet").Attr("present", "no");
    }

    private static void WriteDevices(XmlNode devs, GuestPlan p, bool install)
    {
        var f = p.Facts;
        if (p.Emulator != null)
            devs.Child("emulator", p.Emulator);
        foreach (var disk in p.Disks)
        {
            if (disk.InstallOnly && !(install && p.HasInstallPhase))
                continue;
            WriteDisk(devs, p, disk, withMedia: !disk.InstallMedia || (install && p.HasInstallPhase));
        }

        bool usb3 = p.IsX86 && p.Os.SupportsUsb3 && f.IsQemu;
        if (f.IsQemu || f.IsTest)
        {
            if (usb3)
                devs.Child("controller").Attr("type", "usb").Attr("model", "qemu-xhci").Attr("ports", "15");
            else if (p.IsX86)
            {
                devs.Child("controller").Attr("type", "usb").Attr("model", "ich9-ehci1");
                for (int i = 1; i <= 3; i++)
                    devs.Child("controller").Attr("type", "usb").Attr("model", "ich9-uhci" + i)
                        .Child("master").Attr("startport", ((i - 1) * 2).ToString(CultureInfo.InvariantCulture));
            }
        }

        foreach (var nic in p.Nics)
        {
            var iface = devs.Child("interface").Attr("type", nic.Type);
            if (nic.Type == "network")
                iface.Child("source").Attr("network", nic.Source);
            else if (nic.Type == "bridge")
                iface.Child("source").Attr("bridge", nic.Source);
            iface.Child("mac").Attr("address", nic.Mac);
            if (nic.Model != null)
                iface.Child("model").Attr("type", nic.Model);
        }

        foreach (var (kind, type, path, targetType) in p.CharDevices)
        {
            var c = devs.Child(kind).Attr("type", type);
            if (path != null)
                c.Child("source").Attr("path", path);
            if (targetType != null)
                c.Child("target").Attr("type", targetType);
        }

        if (p.VirtioSerial)
        {
            var ch = devs.Child("channel").Attr("type", "unix");
            ch.Child("source").Attr("mode", "bind");
            ch.Child("target").Attr("type", "virtio").Attr("name", "org.qemu.guest_agent.0");
        }

        if (p.HasSpice)
        {
            var ch = devs.Child("channel").Attr("type", "spicevmc");
            ch.Child("target").Attr("type", "virtio").Attr("name", "com.redhat.spice.0");
        }

        if (p.HasGraphics && p.IsX86)
            devs.Child("input").Attr("type", "tablet").Attr("bus", "usb");
        if (p.HasGraphics)
            WriteGraphics(devs, p);
        if (p.HasSpice)
            devs.Child("sound").Attr("model", p.IsQ35 ? "ich9" : "ich6");
        if (p.HasGraphics)
            devs.Child("video").Child("model").Attr("type", VideoModel(p));
        if (p.HasSpice && p.IsX86)
            for (int i = 0; i < 2; i++)
                devs.Child("redirdev").Attr("bus", "usb").Attr("type", "spicevmc");
        if (f.IsQemu && p.IsX86 && p.Os.SupportsVirtioBalloon)
            devs.Child("memballoon").Attr("model", "virtio");
        if (f.IsQemu && p.IsX86 && p.Os.SupportsVirtioRng)
            devs.Child("rng").Attr("model", "virtio").Child("backend", "/dev/urandom").Attr("model", "random");
    }

    private static void WriteDisk(XmlNode devs, GuestPlan p, DiskPlan disk, bool withMedia)
    {
        var x = devs.Child("disk").Attr("type", disk.SourceType).Attr("device", disk.Device);
        if (p.Facts.IsQemu && (withMedia || disk.Device == "disk") && disk.Path != null)
        {
            // as virt-install: discard=unmap for a new sparse volume, and cache=none,io=native too for a block device
            bool block = disk.Device == "disk" && disk.SourceType == "block";
            var drv = x.Child("driver").Attr("name", "qemu").Attr("type", disk.Format ?? "raw")
                .Attr("cache", disk.Cache ?? (block ? "none" : null)).Attr("io", block ? "native" : null);
            if (disk.Device == "disk" && (block || disk.Create is { Sparse: true }))
                drv.Attr("discard", "unmap");
        }

        if (withMedia && disk.Path != null)
            x.Child("source").Attr(disk.SourceType == "block" ? "dev" : "file", disk.Path);
        x.Child("target").Attr("dev", disk.Target).Attr("bus", disk.Bus);
        if (disk.BootOrder is { } order)
            x.Child("boot").Attr("order", order.ToString(CultureInfo.InvariantCulture));
        if (disk.ReadOnly || disk.Device == "cdrom")
            x.Child("readonly");
        if (disk.Shareable)
            x.Child("shareable");
    }

    private static void WriteGraphics(XmlNode devs, GuestPlan p)
    {
        var g = devs.Child("graphics").Attr("type", p.GraphicsType);
        if (p.GraphicsType is "vnc" or "spice")
        {
            g.Attr("port", p.GraphicsPort ?? "-1");
            if (p.HasSpice)
                g.Attr("tlsPort", "-1").Attr("autoport", p.GraphicsPort == null ? "yes" : "no");
            g.Attr("listen", p.GraphicsListen).Attr("keymap", p.GraphicsKeymap);
            if (p.HasSpice)
                g.Child("image").Attr("compression", "off");
        }
    }

    private static string VideoModel(GuestPlan p)
    {
        if (p.Facts.DomCaps.SupportsVirtioVideo && p.Os.SupportsVirtioGpu)
            return "virtio";
        if (p.IsX86 && p.HasSpice && p.Facts.DomCaps.SupportsQxl)
            return "qxl";
        return "vga";
    }
}
