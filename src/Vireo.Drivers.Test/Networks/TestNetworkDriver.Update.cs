using Vireo.Drivers.Networks;
using Vireo.Model.Network;
using Vireo.Protocol.Errors;

namespace Vireo.Drivers.Test.Networks;

/// <summary>
/// net-update (virNetworkObjUpdate): edits the live and/or persistent definition. Supported sections are the
/// ones scripts use — DHCP hosts and DHCP ranges — with libvirt's matching rules and messages; other sections
/// answer "can't update 'X' section".
/// </summary>
public sealed partial class TestNetworkDriver
{
    private const uint UpdateLive = NetworkUpdate.UpdateLive, UpdateConfig = NetworkUpdate.UpdateConfig;

    public Task UpdateAsync(NetworkRef net, uint command, uint section, int parentIndex, string xml, uint flags)
    {
        TestErrors.CheckFlags(flags, UpdateLive | UpdateConfig, "testNetworkUpdate");
        return Change(_ =>
        {
            var n = ByUuid(net.Uuid);
            if ((flags & (UpdateLive | UpdateConfig)) == 0)
                flags |= n.Active ? UpdateLive : UpdateConfig;
            if (!n.Active && (flags & UpdateLive) != 0)
                throw TestErrors.Invalid("network is not running", ErrorDomain.Network);
            if ((flags & UpdateConfig) != 0)
            {
                if (!n.Persistent)
                    throw TestErrors.Invalid("cannot change persistent config of a transient network", ErrorDomain.Network);
                if (n.Active && n.NewDef is null)
                    n.NewDef = n.Def.Clone();
            }
            // Work on copies so a failure leaves both definitions untouched.
            var live = (flags & UpdateLive) != 0 ? n.Def.Clone() : null;
            var config = (flags & UpdateConfig) != 0 ? n.PersistentDef.Clone() : null;
            if (live is not null)
                NetworkUpdate.UpdateSection(live, command, section, parentIndex, xml);
            if (config is not null)
                NetworkUpdate.UpdateSection(config, command, section, parentIndex, xml);
            if (config is not null)
            {
                if (n.NewDef is not null)
                    n.NewDef = config;
                else
                    n.Def = config;
            }
            if (live is not null)
                n.Def = live;
        });
    }
}
