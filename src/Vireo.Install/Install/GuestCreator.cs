using System.Globalization;
using System.Xml.Linq;
using Vireo.Client.Api;
using Vireo.Install.Cli;
using Vireo.Install.Guest;
using Vireo.Protocol.Errors;

namespace Vireo.Install.Install;

/// <summary>
/// Creates the guest as virt-install does: new volumes through the storage pool API, the domain defined with the
/// install XML and started, then redefined with the final XML so later boots come from the disk. On failure,
/// what it created (volumes, definition) is removed again.
/// </summary>
public sealed class GuestCreator(Connection conn, TextWriter stdout)
{
    private readonly List<StorageVolume> _createdVolumes = new();
    private readonly List<StoragePool> _createdPools = new();

    public async Task CreateAsync(InstallOptions o, GuestPlan plan, string? installXml, string finalXml)
    {
        stdout.WriteLine();
        stdout.WriteLine("Starting install...");
        Domain? domain = null;
        try
        {
            foreach (var disk in plan.Disks.Where(d => d.Create != null))
                await CreateVolumeAsync(disk.Create!);

            if (o.Transient)
            {
                domain = await conn.CreateDomainXmlAsync(installXml ?? finalXml);
            }
            else
            {
                domain = await conn.DefineDomainXmlAsync(installXml ?? finalXml);
                if (!o.NoReboot || installXml != null)
                    await domain.StartAsync();
                if (installXml != null)
                    await conn.DefineDomainXmlAsync(finalXml);
                if (o.Autostart)
                    await domain.SetAutostartAsync(true);
            }
        }
        catch
        {
            await CleanupAsync(domain, o.Transient);
            throw;
        }

        stdout.WriteLine("Creating domain...");
        if (o.WaitMinutes is { } wait && wait != 0)
            await WaitForShutdownAsync(domain, wait);
        if (o.WaitMinutes is { } w2 && w2 != 0 && installXml != null && !o.Transient && !o.NoReboot && !await IsActiveAsync(domain))
        {
            stdout.WriteLine("Restarting guest.");
            await domain.StartAsync();
        }

        stdout.WriteLine("Domain creation completed.");
        if (o.NoReboot && installXml != null)
            stdout.WriteLine($"You can restart your domain by running:\n  virsh --connect {conn.Uri.Original} start {plan.Name}");
    }

    private static async Task<bool> IsActiveAsync(Domain d)
    {
        try
        {
            return (await d.GetInfoAsync()).State is DomainState.Running or DomainState.Paused or DomainState.Blocked;
        }
        catch (LibvirtException)
        {
            return false;
        }
    }

    // --wait N: up to N minutes for the install to finish (the guest shuts off); -1 waits for ever
    private async Task WaitForShutdownAsync(Domain d, int minutes)
    {
        var deadline = minutes < 0 ? DateTime.MaxValue : DateTime.UtcNow.AddMinutes(minutes);
        stdout.WriteLine(minutes < 0 ? "Waiting for the installation to complete." : $"Waiting {minutes} minutes for the installation to complete.");
        while (await IsActiveAsync(d))
        {
            if (DateTime.UtcNow >= deadline)
            {
                stdout.WriteLine("Installation has exceeded specified time limit. Exiting application.");
                return;
            }

            await Task.Delay(500);
        }
    }

    private async Task CreateVolumeAsync(VolumeRequest r)
    {
        StoragePool pool;
        if (r.Pool != null)
        {
            pool = await conn.LookupStoragePoolByNameAsync(r.Pool);
        }
        else
        {
            // virt-install makes a dir pool for a directory no pool covers, named after the directory
            var name = await UniquePoolNameAsync(Path.GetFileName(r.Directory.TrimEnd('/')) is { Length: > 0 } n ? n : "root");
            var xml = new XElement("pool", new XAttribute("type", "dir"), new XElement("name", name),
                new XElement("target", new XElement("path", r.Directory))).ToString();
            pool = await conn.DefineStoragePoolXmlAsync(xml);
            _createdPools.Add(pool);
            await pool.CreateAsync();
            await pool.SetAutostartAsync(true);
        }

        var capacity = r.CapacityBytes.ToString(CultureInfo.InvariantCulture);
        var vol = new XElement("volume",
            new XElement("name", r.VolumeName),
            new XElement("capacity", capacity),
            new XElement("allocation", r.Sparse ? "0" : capacity),
            new XElement("target", new XElement("format", new XAttribute("type", r.Format))));
        stdout.WriteLine($"Allocating '{r.VolumeName}'");
        _createdVolumes.Add(await pool.CreateVolumeXmlAsync(vol.ToString()));
    }

    private async Task<string> UniquePoolNameAsync(string baseName)
    {
        var names = (await conn.ListAllStoragePoolsAsync()).Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        var name = baseName;
        for (int i = 1; names.Contains(name); i++)
            name = $"{baseName}-{i}";
        return name;
    }

    private async Task CleanupAsync(Domain? domain, bool transient)
    {
        if (domain != null)
        {
            try
            {
                if (await IsActiveAsync(domain))
                    await domain.DestroyAsync();
                if (!transient)
                    await domain.UndefineAsync();
            }
            catch (LibvirtException)
            {
            }
        }

        foreach (var v in _createdVolumes)
        {
            try
            {
                await v.DeleteAsync();
            }
            catch (LibvirtException)
            {
            }
        }
    }
}
