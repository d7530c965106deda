using System.Globalization;
using System.Xml.Linq;
using Vireo.Client.Api;
using Vireo.Install.Cli;
using Vireo.Protocol.Errors;

namespace Vireo.Install.Guest;

/// <summary>
/// Turns --disk/--file/--cdrom into <see cref="DiskPlan"/>s, looking at pools and volumes through the connection:
/// an existing path is used as it is; a new one gets a volume request (in the pool whose directory holds it, else a
/// new dir pool for that directory, as virt-install does); "size=N" alone goes to the pool named "default".
/// Nothing is created here.
/// </summary>
public sealed class DiskResolver(Connection conn, bool qemu)
{
    private static readonly string[] DiskKeys =
        { "path", "pool", "vol", "size", "format", "bus", "device", "cache", "sparse", "readonly", "shareable", "boot.order", "target" };

    private List<(StoragePool Pool, string Dir)>? _pools;

    public async Task<DiskPlan?> ResolveAsync(SubOptions o, string guestName)
    {
        o.CheckKnown(DiskKeys);
        var path = o.Get("path");
        if (path == "none")
            return null;
        var device = o.Get("device") ?? "disk";
        if (device is not ("disk" or "cdrom" or "floppy" or "lun"))
            throw new InstallException($"Unknown --disk device '{device}'");
        var disk = new DiskPlan
        {
            Device = device,
            Bus = o.Get("bus"),
            Target = o.Get("target"),
            Cache = o.Get("cache"),
            ReadOnly = SubOptions.IsYes(o.Get("readonly")),
            Shareable = SubOptions.IsYes(o.Get("shareable")),
            BootOrder = o.Get("boot.order") is { } b ? int.Parse(b, CultureInfo.InvariantCulture) : null,
            Format = o.Get("format"),
            Option = o.Option + " " + o.Text,
        };
        long? size = o.Get("size") is { } s ? ParseGiB(s) : null;
        bool sparse = o.Get("sparse") is not { } sp || SubOptions.IsYes(sp);

        if (o.Get("vol") is { } vol)
        {
            var slash = vol.IndexOf('/');
            if (slash < 0)
                throw new InstallException($"Storage volume must be specified as vol=poolname/volname");
            var v = await (await conn.LookupStoragePoolByNameAsync(vol[..slash])).LookupVolumeByNameAsync(vol[(slash + 1)..]);
            disk.Path = await v.GetPathAsync();
            disk.Format ??= await VolumeFormatAsync(v);
            return disk;
        }

        if (path == null)
        {
            var poolName = o.Get("pool") ?? "default";
            if (size == null)
                throw new InstallException("Size must be specified for non existent volume 'None'");
            var (pool, dir) = await FindPoolByNameAsync(poolName);
            var format = disk.Format ?? (qemu ? "qcow2" : "raw");
            var name = await UniqueVolumeNameAsync(pool, guestName, format == "qcow2" ? ".qcow2" : ".img");
            disk.Path = Path.Combine(dir, name);
            disk.Format = format;
            disk.Create = new VolumeRequest(pool.Name, name, dir, size.Value, sparse, format);
            return disk;
        }

        path = Path.GetFullPath(path);
        disk.Path = path;
        if (File.Exists(path) || Directory.Exists(path) || IsBlock(path))
        {
            disk.SourceType = IsBlock(path) ? "block" : "file";
            disk.Format ??= device == "disk" ? await ExistingFormatAsync(path) : "raw";
            return disk;
        }

        if (size == null)
            throw new InstallException(
                device == "disk"
                    ? $"Must specify storage creation parameters for non-existent path '{path}'."
                    : $"Validating install media '{path}' failed: Must specify storage creation parameters for non-existent path '{path}'.");
        var directory = Path.GetDirectoryName(path)!;
        if (!Directory.Exists(directory))
            throw new InstallException($"Could not start storage pool: cannot open directory '{directory}': No such file or directory");
        var fmt = disk.Format ?? (qemu ? "qcow2" : "raw");
        disk.Format = fmt;
        var owner = await FindPoolByDirAsync(directory);
        disk.Create = new VolumeRequest(owner?.Name, Path.GetFileName(path), directory, size.Value, sparse, fmt);
        return disk;
    }

    /// <summary>--cdrom PATH: an existing ISO or block device, attached read-only as the install medium.</summary>
    public DiskPlan ResolveCdrom(string path)
    {
        var full = Path.GetFullPath(path);
        if (!File.Exists(full) && !IsBlock(full))
            throw new InstallException(
                $"Validating install media '{path}' failed: Must specify storage creation parameters for non-existent path '{full}'.");
        return new DiskPlan
        {
            Device = "cdrom", Path = full, SourceType = IsBlock(full) ? "block" : "file", Format = "raw", InstallMedia = true,
        };
    }

    public static long ParseGiB(string s)
    {
        if (!double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var g) || g <= 0)
            throw new InstallException($"Improper value for 'size': could not convert string to float: '{s}'");
        return (long)(g * 1024 * 1024 * 1024);
    }

    // a block device is a /dev node the kernel lists under /sys/class/block (no stat(2) file type in .NET)
    private static bool IsBlock(string path)
    {
        if (!path.StartsWith("/dev/", StringComparison.Ordinal) || !File.Exists(path))
            return false;
        var target = new FileInfo(path).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? path;
        return Directory.Exists(Path.Combine("/sys/class/block", Path.GetFileName(target)));
    }

    private async Task<string> ExistingFormatAsync(string path)
    {
        try
        {
            return await VolumeFormatAsync(await conn.LookupStorageVolumeByPathAsync(path));
        }
        catch (LibvirtException)
        {
            return ProbeFormat(path);
        }
    }

    // an image outside every pool: its header says qcow2 or not (virt-install asks a pool it makes for the directory)
    private static string ProbeFormat(string path)
    {
        try
        {
            using var fs = File.OpenRead(path);
            Span<byte> magic = stackalloc byte[4];
            return fs.Read(magic) == 4 && magic.SequenceEqual("QFI\xfb"u8) ? "qcow2" : "raw";
        }
        catch (IOException)
        {
            return "raw";
        }
    }

    private static async Task<string> VolumeFormatAsync(StorageVolume v)
    {
        var x = XDocument.Parse(await v.GetXmlDescAsync());
        return (string?)x.Root?.Element("target")?.Element("format")?.Attribute("type") ?? "raw";
    }

    private async Task<List<(StoragePool Pool, string Dir)>> PoolsAsync()
    {
        if (_pools != null)
            return _pools;
        _pools = new();
        foreach (var p in await conn.ListAllStoragePoolsAsync())
        {
            var x = XDocument.Parse(await p.GetXmlDescAsync());
            var dir = x.Root?.Element("target")?.Element("path")?.Value.Trim();
            if (dir != null)
                _pools.Add((p, dir.TrimEnd('/')));
        }

        return _pools;
    }

    private async Task<(StoragePool Pool, string Dir)> FindPoolByNameAsync(string name)
    {
        foreach (var entry in await PoolsAsync())
            if (entry.Pool.Name == name)
                return entry;
        throw new InstallException($"Couldn't create storage volume: Storage pool not found: no storage pool with matching name '{name}'");
    }

    private async Task<StoragePool?> FindPoolByDirAsync(string dir)
    {
        dir = dir.TrimEnd('/');
        foreach (var (pool, d) in await PoolsAsync())
            if (d == dir)
                return pool;
        return null;
    }

    private static async Task<string> UniqueVolumeNameAsync(StoragePool pool, string guest, string ext)
    {
        var names = (await pool.ListAllVolumesAsync()).Select(v => v.Name).ToHashSet(StringComparer.Ordinal);
        var name = guest + ext;
        for (int i = 1; names.Contains(name); i++)
            name = $"{guest}-{i}{ext}";
        return name;
    }
}
