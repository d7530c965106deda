namespace Vireo.Drivers.Qemu.CommandLine;

/// <summary>The QMP monitor socket, the lifecycle switches (-no-reboot, -no-shutdown) and the process options (-daemonize, -pidfile, -D).</summary>
public static class MonitorArgs
{
    public static IEnumerable<QemuArg> Monitor(BuildContext ctx)
    {
        yield return new("-chardev", new QemuOptionValue("socket").Add("id", "charmonitor").Add("path", ctx.Options.MonitorSocket)
            .Add("server", "on").Add("wait", "off").ToString());
        yield return new("-mon", "chardev=charmonitor,id=monitor,mode=control");
    }

    /// <summary>
    /// -no-shutdown: a guest power-off stops QEMU instead of ending it, so the driver sees SHUTDOWN and decides
    /// (quit, or reset for a reboot request), as libvirt does. on_reboot='destroy' makes a guest reboot end QEMU (-no-reboot).
    /// </summary>
    public static IEnumerable<QemuArg> Lifecycle(BuildContext ctx)
    {
        yield return QemuArg.Bare("-no-shutdown");
        if (ctx.Def.OnReboot == "destroy")
            yield return QemuArg.Bare("-no-reboot");
    }

    public static IEnumerable<QemuArg> Process(BuildContext ctx)
    {
        if (ctx.Options.Incoming is { } incoming)
            yield return new("-incoming", incoming);
        yield return new("-msg", "timestamp=on");
        if (ctx.Options.Daemonize)
            yield return QemuArg.Bare("-daemonize");
        if (ctx.Options.PidFile is { } pid)
            yield return new("-pidfile", pid);
        if (ctx.Options.LogFile is { } log)
            yield return new("-D", log);
        if (ctx.Options.RunAs is { } runAs)
            yield return new("-runas", runAs);
    }
}
