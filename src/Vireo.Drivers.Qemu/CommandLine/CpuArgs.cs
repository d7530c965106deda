using System.Globalization;

namespace Vireo.Drivers.Qemu.CommandLine;

/// <summary>-cpu (model, host passthrough, kvmclock) and -smp (vCPUs and topology).</summary>
public static class CpuArgs
{
    public static IEnumerable<QemuArg> Build(BuildContext ctx)
    {
        var def = ctx.Def;
        bool kvm = ctx.Options.Accel == "kvm";
        string? model = def.Cpu?.Mode switch
        {
            "host-passthrough" or "host-model" => kvm ? "host" : "max", // TCG cannot pass the host CPU through
            "maximum" => "max",
            _ => def.Cpu?.Model,
        };
        bool kvmclockOff = def.Clock?.Timers.Any(t => t.Name == "kvmclock" && t.Present == false) ?? false;
        if (kvmclockOff)
            model ??= "qemu64";
        if (model is not null)
            yield return new("-cpu", new QemuOptionValue(model).Add("kvmclock", kvmclockOff ? "off" : null).ToString());

        uint max = Math.Max(def.Vcpus, 1);
        uint current = def.VcpusCurrent ?? max;
        uint sockets = def.Cpu?.Sockets ?? max, dies = def.Cpu?.Dies ?? 1, cores = def.Cpu?.Cores ?? 1, threads = def.Cpu?.Threads ?? 1;
        if (def.Cpu?.Sockets is not null && sockets * dies * cores * threads != max)
            throw QemuErrors.Unsupported($"CPU topology of domain '{def.Name}' doesn't match maximum vcpu count: {sockets}*{dies}*{cores}*{threads} != {max}");
        var smp = new QemuOptionValue(current.ToString(CultureInfo.InvariantCulture));
        if (current != max)
            smp.Add("maxcpus", max);
        smp.Add("sockets", sockets);
        if (dies != 1)
            smp.Add("dies", dies);
        smp.Add("cores", cores).Add("threads", threads);
        yield return new("-smp", smp.ToString());
    }
}
