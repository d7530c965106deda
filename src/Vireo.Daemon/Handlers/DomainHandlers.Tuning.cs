using Vireo.Daemon.Dispatch;
using Vireo.Drivers.Domains;
using Vireo.Protocol.Remote;
using Vireo.Protocol.Remote.Messages;

namespace Vireo.Daemon.Handlers;

public static partial class DomainHandlers
{
    private static void RegisterTuning(ProcedureRegistry r)
    {
        r.Add<DomainSetMemoryArgs>(RemoteProcedure.DomainSetMemory, (ctx, a) => D(ctx).SetMemoryFlagsAsync(a.Dom.ToRef(), a.Memory, DomainFlags.AffectLive));
        r.Add<DomainSetMemoryArgs>(RemoteProcedure.DomainSetMaxMemory, (ctx, a) => D(ctx).SetMemoryFlagsAsync(a.Dom.ToRef(), a.Memory, DomainFlags.MemMaximum));
        r.Add<DomainSetMemoryFlagsArgs>(RemoteProcedure.DomainSetMemoryFlags, (ctx, a) => D(ctx).SetMemoryFlagsAsync(a.Dom.ToRef(), a.Memory, a.Flags));
        r.Add<DomainSetMemoryStatsPeriodArgs>(RemoteProcedure.DomainSetMemoryStatsPeriod, (ctx, a) => D(ctx).SetMemoryStatsPeriodAsync(a.Dom.ToRef(), a.Period, a.Flags));
        r.Add<DomainSetVcpusArgs>(RemoteProcedure.DomainSetVcpus, (ctx, a) => D(ctx).SetVcpusFlagsAsync(a.Dom.ToRef(), a.Nvcpus, DomainFlags.AffectLive));
        r.Add<DomainSetVcpusFlagsArgs>(RemoteProcedure.DomainSetVcpusFlags, (ctx, a) => D(ctx).SetVcpusFlagsAsync(a.Dom.ToRef(), a.Nvcpus, a.Flags));
        r.Add<DomainFlagsArgs, IntRet>(RemoteProcedure.DomainGetVcpusFlags, async (ctx, a) =>
        {
            ctx.DenyIfReadOnly((a.Flags & DomainFlags.VcpuGuest) != 0);
            return new IntRet(await D(ctx).GetVcpusFlagsAsync(a.Dom.ToRef(), a.Flags).ConfigureAwait(false));
        });
        r.Add<DomainGetVcpusArgs, DomainGetVcpusRet>(RemoteProcedure.DomainGetVcpus, async (ctx, a) =>
        {
            var vcpus = (await D(ctx).GetVcpusAsync(a.Dom.ToRef()).ConfigureAwait(false)).Take(Math.Max(0, a.Maxinfo)).ToList();
            var info = vcpus.Select(v => new Protocol.Remote.Messages.VcpuInfo((uint)v.Number, v.State, v.CpuTimeNs, v.Cpu)).ToArray();
            var maps = a.Maplen > 0 ? vcpus.SelectMany(v => Handles.PackCpuMap(v.Affinity, a.Maplen)).ToArray() : [];
            return new DomainGetVcpusRet(info, maps);
        });
        r.Add<DomainPinVcpuArgs>(RemoteProcedure.DomainPinVcpu, (ctx, a) => PinVcpu(ctx, a.Dom, a.Vcpu, a.Cpumap, DomainFlags.AffectLive));
        r.Add<DomainPinVcpuFlagsArgs>(RemoteProcedure.DomainPinVcpuFlags, (ctx, a) => PinVcpu(ctx, a.Dom, a.Vcpu, a.Cpumap, a.Flags));
        r.Add<DomainGetVcpuPinInfoArgs, DomainGetVcpuPinInfoRet>(RemoteProcedure.DomainGetVcpuPinInfo, async (ctx, a) =>
        {
            var maps = (await D(ctx).GetVcpuPinInfoAsync(a.Dom.ToRef(), a.Flags).ConfigureAwait(false)).Take(Math.Max(0, a.Ncpumaps)).ToList();
            return new DomainGetVcpuPinInfoRet(maps.SelectMany(m => Handles.PackCpuMap(m, a.Maplen)).ToArray(), maps.Count);
        });
    }

    private static async Task PinVcpu(CallContext ctx, RemoteNonnullDomain dom, uint vcpu, byte[] cpumap, uint flags)
    {
        var node = await ctx.Driver.Host.GetCpuMapAsync().ConfigureAwait(false);
        await D(ctx).PinVcpuFlagsAsync(dom.ToRef(), vcpu, Handles.UnpackCpuMap(cpumap, node.Length), flags).ConfigureAwait(false);
    }

    private static void RegisterDevices(ProcedureRegistry r)
    {
        r.Add<DomainXmlArgs>(RemoteProcedure.DomainAttachDevice, (ctx, a) => D(ctx).AttachDeviceFlagsAsync(a.Dom.ToRef(), a.Xml, DomainFlags.AffectLive));
        r.Add<DomainXmlFlagsArgs>(RemoteProcedure.DomainAttachDeviceFlags, (ctx, a) => D(ctx).AttachDeviceFlagsAsync(a.Dom.ToRef(), a.Xml, a.Flags));
        r.Add<DomainXmlArgs>(RemoteProcedure.DomainDetachDevice, (ctx, a) => D(ctx).DetachDeviceFlagsAsync(a.Dom.ToRef(), a.Xml, DomainFlags.AffectLive));
        r.Add<DomainXmlFlagsArgs>(RemoteProcedure.DomainDetachDeviceFlags, (ctx, a) => D(ctx).DetachDeviceFlagsAsync(a.Dom.ToRef(), a.Xml, a.Flags));
        r.Add<DomainXmlFlagsArgs>(RemoteProcedure.DomainUpdateDeviceFlags, (ctx, a) => D(ctx).UpdateDeviceFlagsAsync(a.Dom.ToRef(), a.Xml, a.Flags));

        r.Add<DomainXmlFlagsArgs, DomainSnapshotRet>(RemoteProcedure.DomainSnapshotCreateXml, async (ctx, a) =>
        {
            var name = await D(ctx).SnapshotCreateXmlAsync(a.Dom.ToRef(), a.Xml, a.Flags).ConfigureAwait(false);
            return new DomainSnapshotRet(new RemoteNonnullDomainSnapshot(name, a.Dom));
        });
        r.Add<DomainListAllSnapshotsArgs, DomainListAllSnapshotsRet>(RemoteProcedure.DomainListAllSnapshots, async (ctx, a) =>
        {
            var names = await D(ctx).ListAllSnapshotsAsync(a.Dom.ToRef(), a.Flags).ConfigureAwait(false);
            return new DomainListAllSnapshotsRet(a.NeedResults != 0 ? names.Select(n => new RemoteNonnullDomainSnapshot(n, a.Dom)).ToArray() : [], names.Count);
        });
        r.Add<DomainSnapshotFlagsArgs, StringRet>(RemoteProcedure.DomainSnapshotGetXmlDesc, async (ctx, a) =>
            new StringRet(await D(ctx).SnapshotGetXmlDescAsync(a.Snap.Dom.ToRef(), a.Snap.Name, a.Flags).ConfigureAwait(false)));
        r.Add<DomainFlagsArgs, IntRet>(RemoteProcedure.DomainSnapshotNum, async (ctx, a) =>
            new IntRet(await D(ctx).SnapshotNumAsync(a.Dom.ToRef(), a.Flags).ConfigureAwait(false)));
    }
}
