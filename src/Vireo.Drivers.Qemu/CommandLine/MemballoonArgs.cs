namespace Vireo.Drivers.Qemu.CommandLine;

/// <summary>The memory balloon (virtio-balloon-pci); its stats period is set over QMP after start.</summary>
public static class MemballoonArgs
{
    public static IEnumerable<QemuArg> Build(BuildContext ctx)
    {
        if (ctx.Def.Devices.Memballoon is not { } b || b.Model == "none")
            yield break;
        if (b.Model is not ("virtio" or "virtio-transitional" or "virtio-non-transitional"))
            throw QemuErrors.Unsupported($"memballoon model '{b.Model}' is not supported by the qemu driver");
        yield return new("-device", BuildContext.Pci(new QemuOptionValue("virtio-balloon-pci").Add("id", b.Alias), b).ToString());
    }
}
