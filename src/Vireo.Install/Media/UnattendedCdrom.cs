using Vireo.Install.Guest;

namespace Vireo.Install.Media;

/// <summary>--unattended with --cdrom: the rendered scripts on a small ISO attached as a second CD-ROM while installing.</summary>
public static class UnattendedCdrom
{
    public static DiskPlan Plan(Unattended.UnattendedResult unattended, bool xmlOnly)
    {
        var dir = InstallMedia.BootDirectory();
        var path = Path.Combine(dir, $"vireo-install-unattended-{Guid.NewGuid():N}.iso");
        if (!xmlOnly)
        {
            Directory.CreateDirectory(dir);
            Iso9660Writer.Write(path, "CDROM", unattended.Files); // xorrisofs's volume id when none is given, as virt-install calls it
        }

        return new DiskPlan { Device = "cdrom", Path = path, Format = "raw", InstallMedia = true, InstallOnly = true };
    }
}
