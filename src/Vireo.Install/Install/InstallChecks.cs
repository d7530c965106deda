using Vireo.Client.Api;
using Vireo.Install.Cli;
using Vireo.Install.Guest;

namespace Vireo.Install.Install;

/// <summary>
/// virt-install's --check family, run before anything is created (also for --print-xml and --dry-run, as virt-install
/// validates disks while parsing): a disk path another guest uses, a new sparse volume larger than its pool's free
/// space (errors naming the --check switch that overrides them; a warning once switched off), a fully allocated one
/// that cannot fit (always an error). Then, beyond virt-install, memory larger than the host's (a warning).
/// "--check all=off" or "--check disk_size=off,path_in_use=off" turns the checks off.
/// </summary>
public static class InstallChecks
{
    public static async Task RunAsync(Connection conn, InstallOptions o, GuestPlan plan, TextWriter stderr)
    {
        bool Enabled(string name) => !o.Checks.Any(c =>
            (c.Get(name) is { } v && !SubOptions.IsYes(v)) || (c.Get("all") is { } a && !SubOptions.IsYes(a)));

        void OptionalFail(string message, string check)
        {
            if (Enabled(check))
                throw new InstallException($"{message} (Use --check {check}=off or --check all=off to override)");
            stderr.WriteLine("WARNING  " + message);
        }

        foreach (var d in plan.Disks.Where(d => d.Device == "disk" && d.Path != null && d.Create == null))
        {
            var users = new List<string>();
            foreach (var dom in await conn.ListAllDomainsAsync())
                if ((await dom.GetXmlDescAsync(DomainXmlFlags.Inactive)).Contains($"'{d.Path}'", StringComparison.Ordinal))
                    users.Add(dom.Name);
            if (users.Count > 0)
                OptionalFail($"Disk {d.Path} is already in use by other guests ['{string.Join("', '", users)}'].", "path_in_use");
        }

        foreach (var d in plan.Disks.Where(d => d.Create?.Pool != null))
        {
            var info = await (await conn.LookupStoragePoolByNameAsync(d.Create!.Pool!)).GetInfoAsync();
            long mb = d.Create.CapacityBytes / (1024 * 1024), avail = (long)(info.Available / (1024 * 1024));
            if (d.Create.CapacityBytes <= (long)info.Available)
                continue;
            if (!d.Create.Sparse)
                throw new InstallException($"Error: {d.Option}: There is not enough free space on the storage pool to create the volume. ({mb} M requested allocation > {avail} M available)");
            var message = $"The requested volume capacity will exceed the available pool space when the volume is fully allocated. ({mb} M requested capacity > {avail} M available)";
            if (o.PrintXml == null && Enabled("disk_size"))
                stderr.WriteLine("WARNING  " + message); // virt-install warns while building the volume, then fails the check
            OptionalFail(message, "disk_size");
        }

        var node = await conn.GetNodeInfoAsync();
        if (plan.MemoryKiB > (long)node.Memory)
            stderr.WriteLine($"WARNING  Requested memory {plan.MemoryKiB / 1024} MiB exceeds the host's {node.Memory / 1024} MiB: the guest overcommits host memory");
    }
}
