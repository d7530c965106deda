using Vireo.Client.Api;
using Vireo.Install.Cli;
using Vireo.Install.Guest;

namespace Vireo.Install.Install;

/// <summary>
/// virt-install's --check family before anything is created: a new volume larger than its pool's free space (an
/// error when fully allocated, a warning when sparse), a disk path another guest uses, memory beyond the host's.
/// "--check all=off" or "--check disk_size=off,path_in_use=off" turns them off.
/// </summary>
public static class InstallChecks
{
    public static async Task RunAsync(Connection conn, InstallOptions o, GuestPlan plan, TextWriter stderr)
    {
        bool Enabled(string name) => !o.Checks.Any(c =>
            (c.Get(name) is { } v && !SubOptions.IsYes(v)) || (c.Get("all") is { } a && !SubOptions.IsYes(a)));

        if (Enabled("disk_size"))
            foreach (var d in plan.Disks.Where(d => d.Create?.Pool != null))
            {
                var info = await (await conn.LookupStoragePoolByNameAsync(d.Create!.Pool!)).GetInfoAsync();
                long mb = d.Create.CapacityBytes / (1024 * 1024), avail = (long)(info.Available / (1024 * 1024));
                if (d.Create.CapacityBytes <= (long)info.Available)
                    continue;
                if (!d.Create.Sparse)
                    throw new InstallException($"There is not enough free space on the storage pool to create the volume. ({mb} M requested allocation > {avail} M available)");
                stderr.WriteLine($"WARNING  The requested volume capacity will exceed the available pool space when the volume is fully allocated. ({mb} M requested capacity > {avail} M available)");
            }

        if (Enabled("path_in_use"))
            foreach (var d in plan.Disks.Where(d => d.Device == "disk" && d.Path != null && d.Create == null))
            {
                var users = new List<string>();
                foreach (var dom in await conn.ListAllDomainsAsync())
                    if ((await dom.GetXmlDescAsync(DomainXmlFlags.Inactive)).Contains($"'{d.Path}'", StringComparison.Ordinal))
                        users.Add(dom.Name);
                if (users.Count > 0)
                    throw new InstallException($"Disk {d.Path} is already in use by other guests ['{string.Join("', '", users)}']. (Use --check path_in_use=off or --check all=off to override)");
            }

        var node = await conn.GetNodeInfoAsync();
        if (plan.MemoryKiB > (long)node.Memory)
            stderr.WriteLine($"WARNING  Requested memory {plan.MemoryKiB / 1024} MiB exceeds the host's {node.Memory / 1024} MiB: the guest overcommits host memory");
    }
}
