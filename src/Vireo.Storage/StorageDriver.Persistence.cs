using Vireo.Drivers;
using Vireo.Model.Storage;
using Vireo.Protocol.Errors;
using Vireo.Storage.Host;
using Vireo.Storage.Pools;

namespace Vireo.Storage;

/// <summary>
/// Configs and state on disk: ETC/storage/NAME.xml (written atomically), autostart links, RUN/storage/NAME.xml for
/// running pools so a restarted daemon starts them again, and the default pool made on the very first start.
/// </summary>
public sealed partial class StorageDriver
{
    /// <summary>Name of the pool made on first start, like libvirt's installers make it.</summary>
    public const string DefaultPoolName = "default";

    /// <summary>
    /// Loads every config, restarts the pools that ran before (state files) and the autostart ones. On the very
    /// first start (no ETC/storage yet) defines, builds, starts and autostarts the 'default' dir pool at LIB/images.
    /// A pool that fails to start is logged to stderr and left inactive; the daemon keeps going.
    /// </summary>
    public async Task LoadAsync()
    {
        bool firstStart = !Directory.Exists(_paths.ConfigDir);
        Directory.CreateDirectory(_paths.ConfigDir);
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            foreach (var file in Directory.EnumerateFiles(_paths.ConfigDir, "*.xml").Order(StringComparer.Ordinal))
                LoadConfig(file, persistent: true);
            if (Directory.Exists(_paths.StateDir))
            {
                foreach (var file in Directory.EnumerateFiles(_paths.StateDir, "*.xml").Order(StringComparer.Ordinal))
                {
                    if (!_pools.Any(p => p.Name == Path.GetFileNameWithoutExtension(file)))
                        LoadConfig(file, persistent: false);
                }
            }
            if (firstStart && !_pools.Any(p => p.Name == DefaultPoolName))
                DefineDefaultPool();
            foreach (var p in _pools.ToList())
            {
                p.Autostart = p.Persistent && File.Exists(_paths.AutostartLink(p.Name));
                bool wasRunning = File.Exists(_paths.StateFile(p.Name));
                if (!wasRunning && !p.Autostart)
                    continue;
                try
                {
                    if (firstStart && p.Name == DefaultPoolName)
                        await p.Backend.BuildAsync(p.Def, 0).ConfigureAwait(false);
                    await StartLocked(p, 0).ConfigureAwait(false);
                }
                catch (LibvirtException e)
                {
                    await Console.Error.WriteLineAsync($"storage: cannot start pool '{p.Name}': {e.Message}").ConfigureAwait(false);
                    DeleteState(p.Name);
                    if (!p.Persistent)
                        _pools.Remove(p);
                }
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private void LoadConfig(string file, bool persistent)
    {
        try
        {
            var (def, backend) = ParsePool(File.ReadAllText(file));
            if (def.Name != Path.GetFileNameWithoutExtension(file))
                throw new InvalidDataException($"the file defines pool '{def.Name}'");
            _pools.Add(new StoragePool(def, persistent, backend));
        }
        catch (Exception e) when (e is LibvirtException or IOException or InvalidDataException)
        {
            Console.Error.WriteLine($"storage: ignoring {file}: {e.Message}");
        }
    }

    private void DefineDefaultPool()
    {
        var (def, backend) = ParsePool($"<pool type='dir'><name>{DefaultPoolName}</name><target><path>{System.Security.SecurityElement.Escape(_paths.DefaultPoolPath)}</path></target></pool>");
        _pools.Add(new StoragePool(def, persistent: true, backend));
        SaveConfig(def);
        SetAutostartLink(DefaultPoolName, true);
    }

    /// <summary>Pool configs and states are the daemon's own (0600), as libvirt keeps them.</summary>
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private void SaveConfig(StoragePoolDefinition def) => AtomicFile.Write(_paths.ConfigFile(def.Name), def.ToXml(), OwnerOnly);

    private void DeleteConfig(string name)
    {
        File.Delete(_paths.AutostartLink(name));
        File.Delete(_paths.ConfigFile(name));
    }

    /// <summary>The autostart link points at the config, as libvirt's does.</summary>
    private void SetAutostartLink(string name, bool on)
    {
        var link = _paths.AutostartLink(name);
        if (!on)
        {
            File.Delete(link);
            return;
        }
        Directory.CreateDirectory(_paths.AutostartDir);
        if (!File.Exists(link))
            File.CreateSymbolicLink(link, _paths.ConfigFile(name));
    }

    /// <summary>RUN/storage/NAME.xml: the running definition, so a restarted daemon knows the pool ran.</summary>
    private void SaveState(StoragePool p) => AtomicFile.Write(_paths.StateFile(p.Name), p.Def.ToXml(), OwnerOnly);

    private void DeleteState(string name) => File.Delete(_paths.StateFile(name));
}
