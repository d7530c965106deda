using Vireo.Daemon.Dispatch;
using Vireo.Drivers.Domains;
using Vireo.Protocol.Remote;
using Vireo.Protocol.Remote.Messages;

namespace Vireo.Daemon.Handlers;

/// <summary>Memory statistics, emulator pinning and all-domain statistics (dommemstat, emulatorpin, domstats).</summary>
public static partial class DomainHandlers
{
    private static void RegisterStatsAndPinning(ProcedureRegistry r)
    {
        r.Add<DomainMemoryStatsArgs, DomainMemoryStatsRet>(RemoteProcedure.DomainMemoryStats, async (ctx, a) =>
        {
            var stats = await D(ctx).GetMemoryStatsAsync(a.Dom.ToRef(), a.Flags).ConfigureAwait(false);
            return new DomainMemoryStatsRet(stats.Take((int)Math.Min(a.MaxStats, DomainMemoryStatsRet.Max)).Select(s => new DomainMemoryStat(s.Tag, s.Value)).ToArray());
        });
        r.Add<DomainPinEmulatorArgs>(RemoteProcedure.DomainPinEmulator, async (ctx, a) =>
        {
            var node = await ctx.Driver.Host.GetCpuMapAsync().ConfigureAwait(false);
            await D(ctx).PinEmulatorAsync(a.Dom.ToRef(), Handles.UnpackCpuMap(a.Cpumap, node.Length), a.Flags).ConfigureAwait(false);
        });
        r.Add<DomainGetEmulatorPinInfoArgs, DomainGetEmulatorPinInfoRet>(RemoteProcedure.DomainGetEmulatorPinInfo, async (ctx, a) =>
        {
            var map = await D(ctx).GetEmulatorPinInfoAsync(a.Dom.ToRef(), a.Flags).ConfigureAwait(false);
            return new DomainGetEmulatorPinInfoRet(Handles.PackCpuMap(map, a.Maplen).ToArray(), 1);
        });
        r.Add<ConnectGetAllDomainStatsArgs, ConnectGetAllDomainStatsRet>(RemoteProcedure.ConnectGetAllDomainStats, async (ctx, a) =>
        {
            // The low byte of flags filters domains like virConnectListAllDomains (ACTIVE, INACTIVE ... OTHER).
            IReadOnlyList<DomainRef> doms = a.Doms.Length > 0
                ? a.Doms.Select(d => d.ToRef()).ToList()
                : await D(ctx).ListAllDomainsAsync(a.Flags & 0xFF).ConfigureAwait(false);
            var records = new List<DomainStatsRecord>();
            foreach (var dom in doms)
            {
                var ps = await D(ctx).GetDomainStatsAsync(dom, a.Stats, a.Flags).ConfigureAwait(false);
                var current = await D(ctx).LookupByUuidAsync(dom.Uuid).ConfigureAwait(false);
                records.Add(new DomainStatsRecord(current.ToWire(), ps.ToArray()));
            }
            return new ConnectGetAllDomainStatsRet(records.ToArray());
        });
    }
}
