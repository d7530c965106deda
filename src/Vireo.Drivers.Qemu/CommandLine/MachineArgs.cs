namespace Vireo.Drivers.Qemu.CommandLine;

/// <summary>-name, -S, -machine (with acpi/hpet switches) and -accel.</summary>
public static class MachineArgs
{
    /// <summary>Machine type used when the definition names none.</summary>
    public const string DefaultMachine = "pc";

    public static IEnumerable<QemuArg> Build(BuildContext ctx)
    {
        var def = ctx.Def;
        yield return new("-name", new QemuOptionValue().Add("guest", def.Name).Add("debug-threads", "on").ToString());
        // Started paused: the driver connects QMP, then continues the vCPUs (or leaves them paused on request).
        yield return QemuArg.Bare("-S");
        var machine = new QemuOptionValue(def.Os.Machine ?? DefaultMachine).Add("usb", "off").Add("dump-guest-core", "off");
        bool acpi = def.Features?.Has("acpi") ?? false;
        if (!acpi)
            machine.Add("acpi", "off");
        if (def.Clock?.Timers.FirstOrDefault(t => t.Name == "hpet") is { Present: false })
            machine.Add("hpet", "off");
        yield return new("-machine", machine.ToString());
        yield return new("-accel", ctx.Options.Accel);
    }
}
