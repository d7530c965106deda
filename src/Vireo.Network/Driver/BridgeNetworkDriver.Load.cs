using Vireo.Drivers;
using Vireo.Model.Network;
using Vireo.Network.Host;

namespace Vireo.Network.Driver;

public sealed partial class BridgeNetworkDriver
{
    /// <summary>
    /// Daemon start: on the very first start (no ETC/qemu/networks yet) defines libvirt's `default` network with
    /// autostart, as libvirt does from its default.xml; loads every config; re-adopts networks whose status file
    /// says they run (bridge still there: table re-applied, dnsmasq restarted if needed — never duplicated);
    /// then starts the autostart ones when <paramref name="autostart"/>.
    /// </summary>
    public async Task LoadAsync(bool autostart)
    {
        bool firstStart = !Directory.Exists(_paths.ConfigDir);
        Directory.CreateDirectory(_paths.AutostartDir);
        Directory.CreateDirectory(_paths.StateDir);
        if (firstStart)
        {
            var net = await DefineXmlAsync(DefaultNetwork.Xml, 0).ConfigureAwait(false);
            await SetAutostartAsync(net, true).ConfigureAwait(false);
        }
        lock (_lock)
        {
            foreach (var file in Directory.GetFiles(_paths.ConfigDir, "*.xml").Order(StringComparer.Ordinal))
            {
                try
                {
                    var def = ModelErrors.Run(() => NetworkDefinition.Parse(File.ReadAllText(file)));
                    if (_networks.Any(n => n.Name == def.Name))
                        continue;
                    _networks.Add(new VirtualNetwork(def, persistent: true) { Autostart = File.Exists(_paths.AutostartLink(def.Name)) });
                }
                catch (Exception e)
                {
                    _log($"ignoring network config {file}: {e.Message}");
                }
            }
        }
        foreach (var status in Directory.GetFiles(_paths.StateDir, "*.xml").Order(StringComparer.Ordinal))
            await AdoptAsync(status).ConfigureAwait(false);
        if (autostart)
            await AutostartAsync().ConfigureAwait(false);
    }

    private async Task AdoptAsync(string statusFile)
    {
        NetworkDefinition live;
        try
        {
            live = ModelErrors.Run(() => NetworkDefinition.Parse(File.ReadAllText(statusFile)));
        }
        catch (Exception e)
        {
            _log($"ignoring network status {statusFile}: {e.Message}");
            return;
        }
        bool running;
        try
        {
            running = await _plumbing.AdoptAsync(live).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            _log($"network '{live.Name}' could not be picked up: {e.Message}");
            running = false;
        }
        if (!running)
        {
            File.Delete(statusFile);
            return;
        }
        lock (_lock)
        {
            var n = _networks.FirstOrDefault(x => x.Uuid == live.Uuid);
            if (n is null)
                _networks.Add(n = new VirtualNetwork(live, persistent: false));
            else if (n.Def.ToXml() != live.ToXml())
            {
                n.NewDef = n.Def;
                n.Def = live;
            }
            n.Active = true;
        }
        _log($"picked up running network '{live.Name}'");
    }

    /// <summary>Starts the autostart networks that are not running; a failure is logged, the others still start.</summary>
    public async Task AutostartAsync()
    {
        List<VirtualNetwork> todo;
        lock (_lock)
            todo = _networks.Where(n => n.Autostart && !n.Active).ToList();
        foreach (var n in todo)
        {
            try
            {
                await CreateAsync(n.Ref).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                _log($"failed to autostart network '{n.Name}': {e.Message}");
            }
        }
    }

    /// <summary>
    /// Whether this daemon may start networks by itself at start-up: a system daemon (configs under /etc), or any
    /// daemon inside a network namespace of its own. A private test daemon on the host's namespace never touches
    /// the host's interfaces unless a client asks.
    /// </summary>
    public static bool MayAutostart(string etc)
    {
        return Path.GetFullPath(etc) == "/etc" || NetNamespaceInfo.IsPrivate();
    }
}
