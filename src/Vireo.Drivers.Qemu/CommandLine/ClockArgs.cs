namespace Vireo.Drivers.Qemu.CommandLine;

/// <summary>
/// -rtc and timer policies (the guide's chapter 11): offset utc/localtime, rtc catchup as driftfix=slew,
/// PIT tick policy on the in-kernel PIT (KVM only). hpet and kvmclock are switched off in MachineArgs/CpuArgs.
/// </summary>
public static class ClockArgs
{
    public static IEnumerable<QemuArg> Build(BuildContext ctx)
    {
        var clock = ctx.Def.Clock;
        var basis = clock?.Offset switch
        {
            null or "utc" or "variable" or "absolute" => "utc",
            "localtime" => "localtime",
            var o => throw QemuErrors.Unsupported($"clock offset '{o}' is not supported yet by the qemu driver"),
        };
        var rtc = new QemuOptionValue().Add("base", basis);
        var rtcTimer = clock?.Timers.FirstOrDefault(t => t.Name == "rtc");
        if (rtcTimer?.TickPolicy is "catchup")
            rtc.Add("driftfix", "slew");
        else if (rtcTimer?.TickPolicy is "merge" or "discard")
            throw QemuErrors.Unsupported($"unsupported rtc timer tickpolicy '{rtcTimer.TickPolicy}'");
        yield return new("-rtc", rtc.ToString());

        var pit = clock?.Timers.FirstOrDefault(t => t.Name == "pit");
        if (pit?.TickPolicy is { } policy && ctx.Options.Accel == "kvm")
        {
            var value = policy switch
            {
                "delay" => "delay",
                "discard" => "discard",
                _ => throw QemuErrors.Unsupported($"unsupported pit tickpolicy '{policy}'"),
            };
            yield return new("-global", "kvm-pit.lost_tick_policy=" + value);
        }
    }
}
