namespace Vireo.Model.Domain.Devices;

/// <summary>Disk target names (hda, vdb, sdaa ...) as libvirt's virDiskNameToIndex reads them.</summary>
public static class DiskNames
{
    private static readonly string[] Prefixes = ["fd", "hd", "vd", "sd", "xvd", "ubd"];

    /// <summary>Zero-based index of a disk name (vda → 0, vdb → 1, sdaa → 26); -1 when the name has no known prefix.</summary>
    public static int ToIndex(string name)
    {
        var prefix = Prefixes.FirstOrDefault(p => name.StartsWith(p, StringComparison.Ordinal));
        if (prefix is null)
            return -1;
        int idx = 0;
        int i = prefix.Length;
        for (; i < name.Length; i++)
        {
            char c = name[i];
            if (c < 'a' || c > 'z')
                break;
            idx = (idx + (i == prefix.Length ? 0 : 1)) * 26 + (c - 'a');
        }
        // Trailing partition digits (e.g. "xvda1") are allowed; anything else is not a disk name.
        for (; i < name.Length; i++)
            if (!char.IsAsciiDigit(name[i]))
                return -1;
        return idx;
    }

    /// <summary>The bus libvirt picks from a target name: hd → ide, sd → scsi, vd → virtio, xvd → xen, ubd → uml, fd → fdc.</summary>
    public static string? DefaultBus(string name, string osType) => name switch
    {
        _ when name.StartsWith("hd", StringComparison.Ordinal) => "ide",
        _ when name.StartsWith("sd", StringComparison.Ordinal) => "scsi",
        _ when name.StartsWith("vd", StringComparison.Ordinal) => "virtio",
        _ when name.StartsWith("xvd", StringComparison.Ordinal) => "xen",
        _ when name.StartsWith("ubd", StringComparison.Ordinal) => "uml",
        _ when name.StartsWith("fd", StringComparison.Ordinal) => "fdc",
        _ => osType == "hvm" ? "ide" : "xen",
    };
}
