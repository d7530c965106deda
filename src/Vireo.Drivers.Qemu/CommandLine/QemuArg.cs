namespace Vireo.Drivers.Qemu.CommandLine;

/// <summary>One QEMU option: a flag and its value, e.g. ("-m", "size=262144k"), or a bare flag such as ("-S", null).</summary>
public readonly record struct QemuArg(string Flag, string? Value = null)
{
    /// <summary>A bare flag.</summary>
    public static QemuArg Bare(string flag) => new(flag);
}
