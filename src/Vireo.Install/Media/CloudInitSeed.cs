using Vireo.Install.Cli;
using Vireo.Install.Guest;

namespace Vireo.Install.Media;

/// <summary>--cloud-init: a NoCloud seed (volume label "cidata": user-data, meta-data) attached as a CD-ROM while installing.</summary>
public static class CloudInitSeed
{
    public static DiskPlan Plan(InstallOptions o, bool xmlOnly)
    {
        var s = SubOptions.Parse("--cloud-init", o.CloudInit == "1" ? "" : o.CloudInit!, "root-password-generate");
        s.CheckKnown("user-data", "meta-data", "root-password-generate", "disable", "root-ssh-key", "clouduser-ssh-key", "network-config");
        var dir = InstallMedia.BootDirectory();
        var path = Path.Combine(dir, $"vireo-install-cloudinit-{Guid.NewGuid():N}.iso");
        if (!xmlOnly)
        {
            Directory.CreateDirectory(dir);
            var userData = s.Get("user-data") is { } u ? File.ReadAllBytes(u) : "#cloud-config\n"u8.ToArray();
            var metaData = s.Get("meta-data") is { } m ? File.ReadAllBytes(m)
                : System.Text.Encoding.UTF8.GetBytes($"instance-id: {Guid.NewGuid()}\nlocal-hostname: {o.Name}\n");
            var files = new List<(string, byte[])> { ("user-data", userData), ("meta-data", metaData) };
            if (s.Get("network-config") is { } n)
                files.Add(("network-config", File.ReadAllBytes(n)));
            Iso9660Writer.Write(path, "cidata", files);
        }

        return new DiskPlan { Device = "cdrom", Path = path, Format = "raw", InstallMedia = true, InstallOnly = true };
    }
}
