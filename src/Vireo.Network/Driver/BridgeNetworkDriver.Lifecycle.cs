using Vireo.Drivers;
using Vireo.Drivers.Events;
using Vireo.Drivers.Networks;
using Vireo.Model.Network;
using Vireo.Network.Host;

namespace Vireo.Network.Driver;

public sealed partial class BridgeNetworkDriver
{
    /// <summary>net-define: writes ETC/qemu/networks/NAME.xml atomically; a running network keeps its live definition.</summary>
    public Task<NetworkRef> DefineXmlAsync(string xml, uint flags)
    {
        NetworkErrors.CheckFlags(flags, 1, "networkDefineXMLFlags"); // VIR_NETWORK_DEFINE_VALIDATE
        return Job(events =>
        {
            var def = ParseForDefine(xml);
            VirtualNetwork n;
            lock (_lock)
                n = Assign(def, live: false);
            AtomicFile.Write(_paths.ConfigFile(def.Name), def.ToXml());
            events.Add(new NetworkLifecycleEvent(n.Ref, EventDefined, 0));
            return Task.FromResult(n.Ref);
        });
    }

    /// <summary>net-create: a transient network, started at once; nothing remains when starting fails.</summary>
    public Task<NetworkRef> CreateXmlAsync(string xml, uint flags)
    {
        NetworkErrors.CheckFlags(flags, 1, "networkCreateXMLFlags");
        return Job(async events =>
        {
            var def = ParseForDefine(xml);
            lock (_lock)
            {
                if (_networks.FirstOrDefault(n => n.Uuid == def.Uuid || n.Name == def.Name) is { } existing)
                    throw existing.Active
                        ? NetworkErrors.Invalid($"network is already active as '{existing.Name}'")
                        : NetworkErrors.OperationFailed($"network '{def.Name}' already exists with uuid {existing.Uuid:D}");
            }
            await StartPlumbingAsync(def).ConfigureAwait(false);
            VirtualNetwork n;
            lock (_lock)
            {
                n = Assign(def, live: true);
                n.Active = true;
            }
            events.Add(new NetworkLifecycleEvent(n.Ref, EventStarted, 0));
            return n.Ref;
        });
    }

    /// <summary>net-start.</summary>
    public Task CreateAsync(NetworkRef net) => Job(async events =>
    {
        VirtualNetwork n;
        NetworkDefinition def;
        lock (_lock)
        {
            n = ByUuid(net.Uuid);
            if (n.Active)
                throw NetworkErrors.Invalid("network is already active");
            def = n.Def.Clone();
        }
        await StartPlumbingAsync(def).ConfigureAwait(false);
        lock (_lock)
            n.Active = true;
        events.Add(new NetworkLifecycleEvent(n.Ref, EventStarted, 0));
    });

    /// <summary>net-destroy: removes the bridge, table and dnsmasq; a transient network disappears.</summary>
    public Task DestroyAsync(NetworkRef net) => Job(async events =>
    {
        VirtualNetwork n;
        lock (_lock)
        {
            n = ByUuid(net.Uuid);
            if (!n.Active)
                throw NetworkErrors.Invalid($"network '{n.Name}' is not active");
        }
        await StopPlumbingAsync(n).ConfigureAwait(false);
        events.Add(new NetworkLifecycleEvent(n.Ref, EventStopped, 0));
    });

    /// <summary>net-undefine: removes the config and autostart link; a running network becomes transient.</summary>
    public Task UndefineAsync(NetworkRef net) => Job(events =>
    {
        VirtualNetwork n;
        lock (_lock)
        {
            n = ByUuid(net.Uuid);
            if (!n.Persistent)
                throw NetworkErrors.Invalid("can't undefine transient network");
        }
        File.Delete(_paths.AutostartLink(n.Name));
        File.Delete(_paths.ConfigFile(n.Name));
        lock (_lock)
        {
            n.Autostart = false;
            n.NewDef = null;
            if (n.Active)
                n.Persistent = false;
            else
                _networks.Remove(n);
        }
        events.Add(new NetworkLifecycleEvent(n.Ref, EventUndefined, 0));
        return Task.CompletedTask;
    });

    /// <summary>net-update: DHCP hosts and ranges; live changes to hosts reach dnsmasq with SIGHUP.</summary>
    public Task UpdateAsync(NetworkRef net, uint command, uint section, int parentIndex, string xml, uint flags) => Job(_ =>
    {
        NetworkErrors.CheckFlags(flags, NetworkUpdate.UpdateLive | NetworkUpdate.UpdateConfig, "networkUpdate");
        VirtualNetwork n;
        NetworkDefinition? live = null, config = null;
        lock (_lock)
        {
            n = ByUuid(net.Uuid);
            if ((flags & (NetworkUpdate.UpdateLive | NetworkUpdate.UpdateConfig)) == 0)
                flags |= n.Active ? NetworkUpdate.UpdateLive : NetworkUpdate.UpdateConfig;
            if (!n.Active && (flags & NetworkUpdate.UpdateLive) != 0)
                throw NetworkErrors.Invalid("network is not running");
            if ((flags & NetworkUpdate.UpdateConfig) != 0 && !n.Persistent)
                throw NetworkErrors.Invalid("cannot change persistent config of a transient network");
            if ((flags & NetworkUpdate.UpdateLive) != 0)
                live = n.Def.Clone();
            if ((flags & NetworkUpdate.UpdateConfig) != 0)
                config = n.PersistentDef.Clone();
        }
        // Work on copies so a failure leaves both definitions untouched.
        if (live is not null)
            NetworkUpdate.UpdateSection(live, command, section, parentIndex, xml);
        if (config is not null)
        {
            NetworkUpdate.UpdateSection(config, command, section, parentIndex, xml);
            AtomicFile.Write(_paths.ConfigFile(config.Name), config.ToXml());
        }
        lock (_lock)
        {
            if (config is not null)
            {
                if (n.Active)
                    n.NewDef = config;
                else
                    n.Def = config;
            }
            if (live is not null)
                n.Def = live;
        }
        if (live is not null)
        {
            AtomicFile.Write(_paths.StatusFile(live.Name), live.ToXml());
            if (section is NetworkUpdate.SectionIpDhcpHost or NetworkUpdate.SectionIpDhcpRange)
                _plumbing.ReloadHosts(live);
        }
        return Task.CompletedTask;
    });

    // ---- helpers ----

    private async Task StartPlumbingAsync(NetworkDefinition def)
    {
        await _plumbing.StartAsync(def).ConfigureAwait(false);
        AtomicFile.Write(_paths.StatusFile(def.Name), def.ToXml());
        await WarnAboutFirewallAsync(def).ConfigureAwait(false);
    }

    /// <summary>net-doctor: what in the host's firewall would drop this network's traffic (empty when nothing).</summary>
    public async Task<IReadOnlyList<Firewall.FirewallFinding>> DiagnoseAsync(NetworkRef net)
    {
        NetworkDefinition def;
        lock (_lock)
            def = ByUuid(net.Uuid).Def;
        return await _plumbing.DiagnoseFirewallAsync(def).ConfigureAwait(false);
    }

    // On net-start, name any foreign rule that would silently break the network (the network still starts).
    private async Task WarnAboutFirewallAsync(NetworkDefinition def)
    {
        try
        {
            foreach (var f in await _plumbing.DiagnoseFirewallAsync(def).ConfigureAwait(false))
                _log($"warning: network '{def.Name}': {f}");
        }
        catch (Exception e)
        {
            _log($"network '{def.Name}': cannot inspect the firewall: {e.Message}");
        }
    }

    private async Task StopPlumbingAsync(VirtualNetwork n)
    {
        NetworkDefinition def;
        lock (_lock)
            def = n.Def;
        try
        {
            await _plumbing.StopAsync(def).ConfigureAwait(false);
        }
        finally
        {
            File.Delete(_paths.StatusFile(def.Name));
            lock (_lock)
            {
                n.Active = false;
                if (n.NewDef is not null)
                {
                    n.Def = n.NewDef;
                    n.NewDef = null;
                }
                if (!n.Persistent)
                    _networks.Remove(n);
            }
        }
    }

    /// <summary>virNetworkObjAssignDef: name/UUID clashes worded as libvirt does (caller holds _lock).</summary>
    private VirtualNetwork Assign(NetworkDefinition def, bool live)
    {
        if (_networks.FirstOrDefault(n => n.Uuid == def.Uuid) is { } existing)
        {
            if (existing.Name != def.Name)
                throw NetworkErrors.OperationFailed($"network '{existing.Name}' is already defined with uuid {existing.Uuid:D}");
            if (existing.Active)
                existing.NewDef = def;
            else
                existing.Def = def;
            existing.Persistent |= !live;
            return existing;
        }
        if (_networks.FirstOrDefault(n => n.Name == def.Name) is { } other)
            throw NetworkErrors.OperationFailed($"network '{def.Name}' already exists with uuid {other.Uuid:D}");
        var created = new VirtualNetwork(def, persistent: !live);
        _networks.Add(created);
        return created;
    }
}
