namespace Vireo.Drivers.Qemu.CommandLine;

/// <summary>-m (boot memory, hotplug slots and ceiling) and -overcommit.</summary>
public static class MemoryArgs
{
    public static IEnumerable<QemuArg> Build(BuildContext ctx)
    {
        var def = ctx.Def;
        var m = new QemuOptionValue().Add("size", MemoryDevices.InitialKiB(def) + "k");
        if (def.MaxMemoryKiB is { } max && max > 0)
            m.Add("slots", (long)(def.MaxMemorySlots ?? 0)).Add("maxmem", max + "k");
        yield return new("-m", m.ToString());
        yield return new("-overcommit", "mem-lock=off");
    }
}
