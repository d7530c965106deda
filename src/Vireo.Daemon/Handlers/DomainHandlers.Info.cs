using Vireo.Daemon.Dispatch;
using Vireo.Drivers.Domains;
using Vireo.Protocol.Remote;
using Vireo.Protocol.Remote.Messages;

namespace Vireo.Daemon.Handlers;

public static partial class DomainHandlers
{
    private static void RegisterInfo(ProcedureRegistry r)
    {
        r.Add<DomainArgs, DomainGetInfoRet>(RemoteProcedure.DomainGetInfo, async (ctx, a) =>
        {
            var i = await D(ctx).GetInfoAsync(a.Dom.ToRef()).ConfigureAwait(false);
            return new DomainGetInfoRet((byte)i.State, i.MaxMemKiB, i.MemoryKiB, (ushort)i.Vcpus, i.CpuTimeNs);
        });
        r.Add<DomainFlagsArgs, DomainGetStateRet>(RemoteProcedure.DomainGetState, async (ctx, a) =>
        {
            var s = await D(ctx).GetStateAsync(a.Dom.ToRef(), a.Flags).ConfigureAwait(false);
            return new DomainGetStateRet((int)s.State, s.Reason);
        });
        r.Add<DomainFlagsArgs, StringRet>(RemoteProcedure.DomainGetXmlDesc, async (ctx, a) =>
        {
            ctx.DenyIfReadOnly((a.Flags & (DomainFlags.XmlSecure | DomainFlags.XmlMigratable)) != 0);
            return new StringRet(await D(ctx).GetXmlDescAsync(a.Dom.ToRef(), a.Flags).ConfigureAwait(false));
        });
        r.Add<DomainArgs, StringRet>(RemoteProcedure.DomainGetOsType, async (ctx, a) => new StringRet(await D(ctx).GetOsTypeAsync(a.Dom.ToRef()).ConfigureAwait(false)));
        r.Add<DomainArgs, UHyperRet>(RemoteProcedure.DomainGetMaxMemory, async (ctx, a) => new UHyperRet(await D(ctx).GetMaxMemoryAsync(a.Dom.ToRef()).ConfigureAwait(false)));
        r.Add<DomainArgs, IntRet>(RemoteProcedure.DomainGetMaxVcpus, async (ctx, a) => new IntRet(await D(ctx).GetMaxVcpusAsync(a.Dom.ToRef()).ConfigureAwait(false)));
        r.Add<DomainArgs, IntRet>(RemoteProcedure.DomainGetAutostart, async (ctx, a) => new IntRet(await D(ctx).GetAutostartAsync(a.Dom.ToRef()).ConfigureAwait(false) ? 1 : 0));
        r.Add<DomainArgs, IntRet>(RemoteProcedure.DomainIsActive, async (ctx, a) => new IntRet(await D(ctx).IsActiveAsync(a.Dom.ToRef()).ConfigureAwait(false) ? 1 : 0));
        r.Add<DomainArgs, IntRet>(RemoteProcedure.DomainIsPersistent, async (ctx, a) => new IntRet(await D(ctx).IsPersistentAsync(a.Dom.ToRef()).ConfigureAwait(false) ? 1 : 0));
        r.Add<DomainArgs, IntRet>(RemoteProcedure.DomainIsUpdated, async (ctx, a) => new IntRet(await D(ctx).IsUpdatedAsync(a.Dom.ToRef()).ConfigureAwait(false) ? 1 : 0));
        r.Add<DomainArgs, DomainGetSecurityLabelRet>(RemoteProcedure.DomainGetSecurityLabel, async (ctx, a) =>
        {
            var (label, enforcing) = await D(ctx).GetSecurityLabelAsync(a.Dom.ToRef()).ConfigureAwait(false);
            return new DomainGetSecurityLabelRet(label, enforcing ? 1 : 0);
        });
        r.Add<DomainFlagsArgs, DomainGetMessagesRet>(RemoteProcedure.DomainGetMessages, async (ctx, a) =>
            new DomainGetMessagesRet([.. await D(ctx).GetMessagesAsync(a.Dom.ToRef(), a.Flags).ConfigureAwait(false)]));
        r.Add<DomainArgs, DomainGetJobInfoRet>(RemoteProcedure.DomainGetJobInfo, async (ctx, a) =>
        {
            var j = await D(ctx).GetJobInfoAsync(a.Dom.ToRef()).ConfigureAwait(false);
            return new DomainGetJobInfoRet(j.Type, j.TimeElapsedMs, j.TimeRemainingMs, j.DataTotal, j.DataProcessed, j.DataRemaining,
                j.MemTotal, j.MemProcessed, j.MemRemaining, j.FileTotal, j.FileProcessed, j.FileRemaining);
        });
        r.Add<DomainStringArgs, DomainBlockStatsRet>(RemoteProcedure.DomainBlockStats, async (ctx, a) =>
        {
            var s = await D(ctx).GetBlockStatsAsync(a.Dom.ToRef(), a.Value).ConfigureAwait(false);
            return new DomainBlockStatsRet(s.RdReq, s.RdBytes, s.WrReq, s.WrBytes, s.Errs);
        });
        r.Add<DomainBlockStatsFlagsArgs, DomainGetParametersRet>(RemoteProcedure.DomainBlockStatsFlags, BlockStatsFlags);
        r.Add<DomainStringArgs, DomainInterfaceStatsRet>(RemoteProcedure.DomainInterfaceStats, async (ctx, a) =>
        {
            var s = await D(ctx).GetInterfaceStatsAsync(a.Dom.ToRef(), a.Value).ConfigureAwait(false);
            return new DomainInterfaceStatsRet(s.RxBytes, s.RxPackets, s.RxErrs, s.RxDrop, s.TxBytes, s.TxPackets, s.TxErrs, s.TxDrop);
        });
        r.Add<DomainInterfaceAddressesArgs, DomainInterfaceAddressesRet>(RemoteProcedure.DomainInterfaceAddresses, async (ctx, a) =>
        {
            ctx.DenyIfReadOnly(a.Source == DomainFlags.AddressesSrcAgent);
            var ifaces = await D(ctx).GetInterfaceAddressesAsync(a.Dom.ToRef(), a.Source, a.Flags).ConfigureAwait(false);
            return new DomainInterfaceAddressesRet(ifaces.Select(i =>
                new DomainInterface(i.Name, i.HwAddr, i.Addresses.Select(x => new DomainIpAddr(x.Type, x.Address, x.Prefix)).ToArray())).ToArray());
        });
    }

    /// <summary>The two-step typed-parameter dance: nparams=0 asks how many, then the client asks for that many.</summary>
    private static async Task<DomainGetParametersRet> BlockStatsFlags(CallContext ctx, DomainBlockStatsFlagsArgs a)
    {
        var s = await D(ctx).GetBlockStatsAsync(a.Dom.ToRef(), a.Path).ConfigureAwait(false);
        var all = new List<TypedParameter>
        {
            TypedParameter.LLong("rd_operations", s.RdReq), TypedParameter.LLong("rd_bytes", s.RdBytes),
            TypedParameter.LLong("wr_operations", s.WrReq), TypedParameter.LLong("wr_bytes", s.WrBytes),
        };
        if (s.FlushReq >= 0) all.Add(TypedParameter.LLong("flush_operations", s.FlushReq));
        if (s.RdTotalTimeNs >= 0) all.Add(TypedParameter.LLong("rd_total_times", s.RdTotalTimeNs));
        if (s.WrTotalTimeNs >= 0) all.Add(TypedParameter.LLong("wr_total_times", s.WrTotalTimeNs));
        if (s.FlushTotalTimeNs >= 0) all.Add(TypedParameter.LLong("flush_total_times", s.FlushTotalTimeNs));
        if (s.Errs >= 0) all.Add(TypedParameter.LLong("errs", s.Errs));
        return a.Nparams == 0 ? new DomainGetParametersRet([], all.Count) : new DomainGetParametersRet(all.Take(a.Nparams).ToArray(), 0);
    }
}
