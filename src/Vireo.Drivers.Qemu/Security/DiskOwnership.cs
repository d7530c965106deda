using System.Globalization;
using Vireo.Model.Domain;

namespace Vireo.Drivers.Qemu.Security;

/// <summary>
/// libvirt's DAC model with dynamic_ownership: before QEMU starts, each file disk image is given to QEMU's uid:gid
/// and its previous owner is remembered in RUN/qemu/NAME.owners (so a restarted daemon can still give it back);
/// after QEMU ends, every image gets its remembered owner back and the file is removed.
/// </summary>
internal static class DiskOwnership
{
    /// <summary>Chowns the domain's file images to uid:gid and records their owners; on error restores what it changed.</summary>
    public static void Apply(DomainDefinition def, int uid, int gid, string ownersFile)
    {
        var saved = new List<(string Path, int Uid, int Gid)>();
        try
        {
            foreach (var path in Images(def))
            {
                var (u, g) = FileOwner.Get(path);
                saved.Add((path, u, g));
                // written before the change, so a crash in between still knows the owner to restore
                AtomicFile.Write(ownersFile, Format(saved));
                FileOwner.Set(path, uid, gid);
            }
        }
        catch
        {
            Restore(ownersFile);
            throw;
        }
    }

    /// <summary>Gives every recorded image its owner back and forgets the record; missing images are skipped.</summary>
    public static void Restore(string ownersFile)
    {
        if (!File.Exists(ownersFile)) return;
        foreach (var line in File.ReadAllLines(ownersFile))
        {
            var parts = line.Split(' ', 3);
            if (parts.Length != 3 || !File.Exists(parts[2])) continue;
            try { FileOwner.Set(parts[2], int.Parse(parts[0], CultureInfo.InvariantCulture), int.Parse(parts[1], CultureInfo.InvariantCulture)); }
            catch (IOException) { } // best effort, as libvirt: a failed restore must not keep the domain from stopping
        }
        File.Delete(ownersFile);
    }

    /// <summary>Disk images QEMU opens from files (a path with a newline cannot be recorded and is left alone).</summary>
    private static IEnumerable<string> Images(DomainDefinition def) =>
        def.Devices.Disks.Where(d => d.Type == "file" && d.SourceFile is { Length: > 0 } p && !p.Contains('\n') && File.Exists(p))
            .Select(d => d.SourceFile!).Distinct(StringComparer.Ordinal);

    private static string Format(IEnumerable<(string Path, int Uid, int Gid)> owners) =>
        string.Concat(owners.Select(o => $"{o.Uid} {o.Gid} {o.Path}\n"));
}
