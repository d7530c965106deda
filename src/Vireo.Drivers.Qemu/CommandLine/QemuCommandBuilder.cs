using Vireo.Model.Domain;

namespace Vireo.Drivers.Qemu.CommandLine;

/// <summary>A built command: the executable, its options, and the definition as it will run (aliases and PCI addresses filled in).</summary>
public sealed record QemuCommand(string Emulator, IReadOnlyList<QemuArg> Args, DomainDefinition LiveDefinition)
{
    /// <summary>argv for execution (emulator first).</summary>
    public IReadOnlyList<string> Argv => ArgvRenderer.ToArgv(Emulator, Args);

    /// <summary>The golden text form.</summary>
    public string ToText() => ArgvRenderer.ToText(Emulator, Args);
}

/// <summary>
/// Domain XML → QEMU command line. Each concern is a small pure function (machine, cpu, memory, clock, boot,
/// controllers, disks, network, serial, graphics, balloon, monitor); this class only fixes their order.
/// </summary>
public static class QemuCommandBuilder
{
    /// <summary>Default emulator when the definition names none.</summary>
    public const string DefaultEmulator = "/usr/bin/qemu-system-x86_64";

    /// <summary>Builds the command for <paramref name="def"/> (not modified: a copy receives aliases and addresses).</summary>
    public static QemuCommand Build(DomainDefinition def, QemuLaunchOptions options)
    {
        var live = def.Clone();
        if (live.Os.Type != "hvm")
            throw QemuErrors.Unsupported($"domain '{def.Name}': OS type '{live.Os.Type}' is for Xen; the qemu driver runs hvm guests");
        if (live.Os.Arch is not (null or "x86_64" or "i686"))
            throw QemuErrors.Unsupported($"domain '{def.Name}': architecture '{live.Os.Arch}' is not supported by this host's emulator");
        PciSlots.Assign(live);
        DeviceAliases.Assign(live);
        var ctx = new BuildContext(live, options);
        var args = new List<QemuArg>();
        args.AddRange(MachineArgs.Build(ctx));
        args.AddRange(CpuArgs.Build(ctx).Where(a => a.Flag == "-cpu"));
        args.AddRange(MemoryArgs.Build(ctx));
        args.AddRange(CpuArgs.Build(ctx).Where(a => a.Flag == "-smp"));
        args.AddRange(NumaArgs.Build(ctx));
        args.Add(new("-uuid", live.Uuid.ToString("D")));
        args.AddRange(GraphicsArgs.Display(ctx));
        args.Add(QemuArg.Bare("-no-user-config"));
        args.Add(QemuArg.Bare("-nodefaults"));
        args.AddRange(MonitorArgs.Monitor(ctx));
        args.AddRange(ClockArgs.Build(ctx));
        args.AddRange(MonitorArgs.Lifecycle(ctx));
        args.AddRange(BootArgs.Build(ctx));
        args.AddRange(PcieTopology.Args(ctx));
        args.AddRange(ControllerArgs.Build(ctx));
        args.AddRange(NumaArgs.Dimms(ctx));
        args.AddRange(DiskArgs.Build(ctx));
        args.AddRange(NetworkArgs.Build(ctx));
        args.AddRange(SerialArgs.Build(ctx));
        args.AddRange(ChannelArgs.Build(ctx));
        args.AddRange(GraphicsArgs.Build(ctx));
        args.AddRange(MemballoonArgs.Build(ctx));
        args.AddRange(MonitorArgs.Process(ctx));
        return new QemuCommand(live.Devices.Emulator ?? DefaultEmulator, args, live);
    }
}
