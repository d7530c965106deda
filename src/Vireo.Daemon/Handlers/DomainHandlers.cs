using Vireo.Daemon.Dispatch;
using Vireo.Drivers.Domains;
using Vireo.Protocol.Remote;
using Vireo.Protocol.Remote.Messages;

namespace Vireo.Daemon.Handlers;

/// <summary>Domain procedures: lookups, lifecycle, configuration and devices.</summary>
public static partial class DomainHandlers
{
    public static void Register(ProcedureRegistry r)
    {
        RegisterLookups(r);
        RegisterLifecycle(r);
        RegisterInfo(r);
        RegisterTuning(r);
        RegisterDevices(r);
        RegisterStatsAndPinning(r);
        RegisterBlockInfo(r);
        RegisterMetadata(r);
        RegisterMigration(r);
        RegisterMigrationModes(r);
    }

    private static IDomainDriver D(CallContext ctx) => ctx.Driver.Domains;

    private static void RegisterLookups(ProcedureRegistry r)
    {
        r.Add<ConnectListAllArgs, ConnectListAllDomainsRet>(RemoteProcedure.ConnectListAllDomains, async (ctx, a) =>
        {
            var doms = await D(ctx).ListAllDomainsAsync(a.Flags).ConfigureAwait(false);
            return new ConnectListAllDomainsRet(a.NeedResults != 0 ? doms.Select(d => d.ToWire()).ToArray() : [], (uint)doms.Count);
        });
        r.AddNoArgs(RemoteProcedure.ConnectNumOfDomains, async ctx =>
            new IntRet((await D(ctx).ListAllDomainsAsync(DomainFlags.ListActive).ConfigureAwait(false)).Count));
        r.AddNoArgs(RemoteProcedure.ConnectNumOfDefinedDomains, async ctx =>
            new IntRet((await D(ctx).ListAllDomainsAsync(DomainFlags.ListInactive).ConfigureAwait(false)).Count));
        r.Add<IntArgs, ConnectListDomainsRet>(RemoteProcedure.ConnectListDomains, async (ctx, a) =>
            new ConnectListDomainsRet((await D(ctx).ListAllDomainsAsync(DomainFlags.ListActive).ConfigureAwait(false)).Select(d => d.Id).Take(Math.Max(0, a.Value)).ToArray()));
        r.Add<MaxNamesArgs, NameListRet>(RemoteProcedure.ConnectListDefinedDomains, async (ctx, a) =>
            new NameListRet((await D(ctx).ListAllDomainsAsync(DomainFlags.ListInactive).ConfigureAwait(false)).Select(d => d.Name).Take(Math.Max(0, a.MaxNames)).ToArray()));
        r.Add<DomainLookupByNameArgs, DomainRet>(RemoteProcedure.DomainLookupByName, async (ctx, a) =>
            new DomainRet((await D(ctx).LookupByNameAsync(a.Name).ConfigureAwait(false)).ToWire()));
        r.Add<IntArgs, DomainRet>(RemoteProcedure.DomainLookupById, async (ctx, a) =>
            new DomainRet((await D(ctx).LookupByIdAsync(a.Value).ConfigureAwait(false)).ToWire()));
        r.Add<UuidArgs, DomainRet>(RemoteProcedure.DomainLookupByUuid, async (ctx, a) =>
            new DomainRet((await D(ctx).LookupByUuidAsync(a.Uuid).ConfigureAwait(false)).ToWire()));
    }

    private static void RegisterLifecycle(ProcedureRegistry r)
    {
        r.Add<StringArgs, DomainRet>(RemoteProcedure.DomainDefineXml, async (ctx, a) =>
            new DomainRet((await D(ctx).DefineXmlAsync(a.Value, 0).ConfigureAwait(false)).ToWire()));
        r.Add<XmlFlagsArgs, DomainRet>(RemoteProcedure.DomainDefineXmlFlags, async (ctx, a) =>
            new DomainRet((await D(ctx).DefineXmlAsync(a.Xml, a.Flags).ConfigureAwait(false)).ToWire()));
        r.Add<XmlFlagsArgs, DomainRet>(RemoteProcedure.DomainCreateXml, async (ctx, a) =>
            new DomainRet((await D(ctx).CreateXmlAsync(a.Xml, a.Flags).ConfigureAwait(false)).ToWire()));
        r.Add<DomainArgs>(RemoteProcedure.DomainUndefine, (ctx, a) => D(ctx).UndefineAsync(a.Dom.ToRef(), 0));
        r.Add<DomainFlagsArgs>(RemoteProcedure.DomainUndefineFlags, (ctx, a) => D(ctx).UndefineAsync(a.Dom.ToRef(), a.Flags));
        r.Add<DomainArgs>(RemoteProcedure.DomainCreate, (ctx, a) => D(ctx).CreateAsync(a.Dom.ToRef(), 0));
        r.Add<DomainFlagsArgs, DomainRet>(RemoteProcedure.DomainCreateWithFlags, async (ctx, a) =>
            new DomainRet((await D(ctx).CreateAsync(a.Dom.ToRef(), a.Flags).ConfigureAwait(false)).ToWire()));
        r.Add<DomainArgs>(RemoteProcedure.DomainShutdown, (ctx, a) => D(ctx).ShutdownAsync(a.Dom.ToRef(), 0));
        r.Add<DomainFlagsArgs>(RemoteProcedure.DomainShutdownFlags, (ctx, a) => D(ctx).ShutdownAsync(a.Dom.ToRef(), a.Flags));
        r.Add<DomainFlagsArgs>(RemoteProcedure.DomainReboot, (ctx, a) => D(ctx).RebootAsync(a.Dom.ToRef(), a.Flags));
        r.Add<DomainFlagsArgs>(RemoteProcedure.DomainReset, (ctx, a) => D(ctx).ResetAsync(a.Dom.ToRef(), a.Flags));
        r.Add<DomainArgs>(RemoteProcedure.DomainDestroy, (ctx, a) => D(ctx).DestroyAsync(a.Dom.ToRef(), 0));
        r.Add<DomainFlagsArgs>(RemoteProcedure.DomainDestroyFlags, (ctx, a) => D(ctx).DestroyAsync(a.Dom.ToRef(), a.Flags));
        r.Add<DomainArgs>(RemoteProcedure.DomainSuspend, (ctx, a) => D(ctx).SuspendAsync(a.Dom.ToRef()));
        r.Add<DomainArgs>(RemoteProcedure.DomainResume, (ctx, a) => D(ctx).ResumeAsync(a.Dom.ToRef()));
        r.Add<DomainStringArgs>(RemoteProcedure.DomainSave, (ctx, a) => D(ctx).SaveAsync(a.Dom.ToRef(), a.Value, null, 0));
        r.Add<DomainSaveFlagsArgs>(RemoteProcedure.DomainSaveFlags, (ctx, a) => D(ctx).SaveAsync(a.Dom.ToRef(), a.To, a.Dxml, a.Flags));
        r.Add<StringArgs>(RemoteProcedure.DomainRestore, (ctx, a) => D(ctx).RestoreAsync(a.Value, null, 0));
        r.Add<DomainRestoreFlagsArgs>(RemoteProcedure.DomainRestoreFlags, (ctx, a) => D(ctx).RestoreAsync(a.From, a.Dxml, a.Flags));
        r.Add<DomainFlagsArgs>(RemoteProcedure.DomainManagedSave, (ctx, a) => D(ctx).ManagedSaveAsync(a.Dom.ToRef(), a.Flags));
        r.Add<DomainFlagsArgs, IntRet>(RemoteProcedure.DomainHasManagedSaveImage, async (ctx, a) =>
            new IntRet(await D(ctx).HasManagedSaveImageAsync(a.Dom.ToRef(), a.Flags).ConfigureAwait(false) ? 1 : 0));
        r.Add<DomainFlagsArgs>(RemoteProcedure.DomainManagedSaveRemove, (ctx, a) => D(ctx).ManagedSaveRemoveAsync(a.Dom.ToRef(), a.Flags));
        r.Add<DomainSetAutostartArgs>(RemoteProcedure.DomainSetAutostart, (ctx, a) => D(ctx).SetAutostartAsync(a.Dom.ToRef(), a.Autostart != 0));
    }
}
