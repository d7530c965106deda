using System.Globalization;
using Vireo.Drivers.Domains;
using Vireo.Drivers.Events;
using Vireo.Model.Domain;
using Vireo.Model.Domain.Devices;
using Vireo.Model.Identity;
using Vireo.Protocol.Errors;

namespace Vireo.Drivers.Test.Domains;

/// <summary>
/// Device hotplug. libvirt 9.0's test driver has no attach/detach at all ("not supported"); Vireo's test driver
/// offers them so demos and client tests can exercise hotplug, with the rules and messages of libvirt's QEMU driver:
/// live and/or config, "target X already exists", "no target device X", DEVICE_ADDED/DEVICE_REMOVED events.
/// </summary>
public sealed partial class TestDomainDriver
{
    public Task AttachDeviceFlagsAsync(DomainRef dom, string xml, uint flags)
    {
        TestErrors.CheckFlags(flags, DomainFlags.AffectLive | DomainFlags.AffectConfig, "testDomainAttachDeviceFlags");
        var parsed = TestErrors.Model(() => DomainDevice.Parse(xml));
        return Change(events =>
        {
            var d = Get(dom);
            var (live, config) = Defs(d, flags);
            // Check both targets before changing either, so a refused attach changes nothing.
            if (config is not null)
                CheckAttach(config, parsed, ErrorCode.OperationInvalid);
            if (live is not null)
                CheckAttach(live, parsed, ErrorCode.OperationFailed);
            if (config is not null)
                Insert(config, parsed.Clone());
            if (live is not null)
            {
                var device = parsed.Clone();
                Insert(live, device);
                events.Add(new DomainDeviceAddedEvent(d.Ref, EventAlias(live, device)));
            }
        });
    }

    public Task DetachDeviceFlagsAsync(DomainRef dom, string xml, uint flags)
    {
        TestErrors.CheckFlags(flags, DomainFlags.AffectLive | DomainFlags.AffectConfig, "testDomainDetachDeviceFlags");
        var wanted = TestErrors.Model(() => DomainDevice.Parse(xml));
        return Change(events =>
        {
            var d = Get(dom);
            var (live, config) = Defs(d, flags);
            var inConfig = config is null ? null : FindForDetach(config, wanted, live: false);
            var inLive = live is null ? null : FindForDetach(live, wanted, live: true);
            if (config is not null)
                config.Devices.Remove(inConfig!);
            if (live is not null)
            {
                string alias = EventAlias(live, inLive!);
                live.Devices.Remove(inLive!);
                events.Add(new DomainDeviceRemovedEvent(d.Ref, alias));
            }
        });
    }

    private static void CheckAttach(DomainDefinition def, DomainDevice device, ErrorCode code)
    {
        switch (device)
        {
            case DiskDevice disk when HasDisk(def, disk.TargetDev):
                throw new LibvirtException(code, ErrorDomain.Domain, Prefix(code) + $"target {disk.TargetDev} already exists");
            case InterfaceDevice nic when nic.Mac is { } mac && def.Devices.FindInterface(mac) is not null:
                throw new LibvirtException(code, ErrorDomain.Domain, Prefix(code) + $"interface with MAC address {mac} already exists");
            case MemballoonDevice when def.Devices.Memballoon is not null:
                throw TestErrors.Invalid("domain already has a memballoon device", ErrorDomain.Domain);
        }
    }

    private static string Prefix(ErrorCode code) => code == ErrorCode.OperationInvalid ? "Requested operation is not valid: " : "operation failed: ";

    /// <summary>Completes a hot-plugged device like the parser would (bus, MAC, host-side name) and adds it.</summary>
    private static void Insert(DomainDefinition def, DomainDevice device)
    {
        switch (device)
        {
            case DiskDevice disk:
                disk.TargetBus ??= DiskNames.DefaultBus(disk.TargetDev, def.Os.Type);
                if (disk.Device == "cdrom")
                    disk.ReadOnly = true;
                break;
            case InterfaceDevice nic:
                nic.Mac ??= MacAddress.GenerateQemu();
                if (nic.TargetDev is null && nic.Type != "hostdev")
                    nic.TargetDev = FreeInterfaceName(def);
                break;
        }
        def.Devices.Add(device);
    }

    // testDomainGenerateIfname: the first testnetN no interface uses.
    private static string FreeInterfaceName(DomainDefinition def)
    {
        for (int i = 0; ; i++)
        {
            var name = "testnet" + i.ToString(CultureInfo.InvariantCulture);
            if (!def.Devices.Interfaces.Any(n => n.TargetDev == name))
                return name;
        }
    }

    private static DomainDevice FindForDetach(DomainDefinition def, DomainDevice wanted, bool live)
    {
        var found = def.Devices.FindMatch(wanted);
        if (found is not null)
            return found;
        string detail = wanted switch
        {
            DiskDevice disk => live ? $"disk {disk.TargetDev} not found" : $"no target device {disk.TargetDev}",
            InterfaceDevice { Mac: { } mac } => $"no device matching MAC address {mac} found",
            InterfaceDevice => "no matching network device was found",
            _ => "device not present in domain configuration",
        };
        throw new LibvirtException(ErrorCode.DeviceMissing, ErrorDomain.Domain, "device not found: " + detail);
    }

    /// <summary>
    /// The alias an added/removed event names. The test driver assigns no aliases, so a user alias is used when
    /// given, else what identifies the device in the guest: disk target, interface name, or kind plus position.
    /// </summary>
    private static string EventAlias(DomainDefinition def, DomainDevice device) => device switch
    {
        { Alias: { } alias } => alias,
        DiskDevice disk => disk.TargetDev,
        InterfaceDevice nic => nic.TargetDev ?? nic.Mac?.ToString() ?? "net",
        _ => device.ElementName + def.Devices.All().Where(x => x.ElementName == device.ElementName).ToList().IndexOf(device)
            .ToString(CultureInfo.InvariantCulture),
    };
}
