using Vireo.Daemon.Dispatch;
using Vireo.Drivers.Storage;
using Vireo.Protocol.Remote;
using Vireo.Protocol.Remote.Messages;

namespace Vireo.Daemon.Handlers;

/// <summary>Storage pool and volume procedures (pool-* and vol-* commands).</summary>
public static class StorageHandlers
{
    private static IStorageDriver S(CallContext ctx) => ctx.Driver.Storage;

    public static void Register(ProcedureRegistry r)
    {
        r.Add<ConnectListAllArgs, ConnectListAllStoragePoolsRet>(RemoteProcedure.ConnectListAllStoragePools, async (ctx, a) =>
        {
            var pools = await S(ctx).ListAllPoolsAsync(a.Flags).ConfigureAwait(false);
            return new ConnectListAllStoragePoolsRet(a.NeedResults != 0 ? pools.Select(p => p.ToWire()).ToArray() : [], (uint)pools.Count);
        });
        r.AddNoArgs(RemoteProcedure.ConnectNumOfStoragePools, async ctx => new IntRet((await S(ctx).ListAllPoolsAsync(StorageFlags.ListActive).ConfigureAwait(false)).Count));
        r.AddNoArgs(RemoteProcedure.ConnectNumOfDefinedStoragePools, async ctx => new IntRet((await S(ctx).ListAllPoolsAsync(StorageFlags.ListInactive).ConfigureAwait(false)).Count));
        r.Add<MaxNamesArgs, NameListRet>(RemoteProcedure.ConnectListStoragePools, async (ctx, a) =>
            new NameListRet((await S(ctx).ListAllPoolsAsync(StorageFlags.ListActive).ConfigureAwait(false)).Select(p => p.Name).Take(Math.Max(0, a.MaxNames)).ToArray()));
        r.Add<MaxNamesArgs, NameListRet>(RemoteProcedure.ConnectListDefinedStoragePools, async (ctx, a) =>
            new NameListRet((await S(ctx).ListAllPoolsAsync(StorageFlags.ListInactive).ConfigureAwait(false)).Select(p => p.Name).Take(Math.Max(0, a.MaxNames)).ToArray()));
        r.Add<StringArgs, StoragePoolRet>(RemoteProcedure.StoragePoolLookupByName, async (ctx, a) => new StoragePoolRet((await S(ctx).LookupPoolByNameAsync(a.Value).ConfigureAwait(false)).ToWire()));
        r.Add<UuidArgs, StoragePoolRet>(RemoteProcedure.StoragePoolLookupByUuid, async (ctx, a) => new StoragePoolRet((await S(ctx).LookupPoolByUuidAsync(a.Uuid).ConfigureAwait(false)).ToWire()));
        r.Add<StorageVolArgs, StoragePoolRet>(RemoteProcedure.StoragePoolLookupByVolume, async (ctx, a) => new StoragePoolRet((await S(ctx).LookupPoolByVolumeAsync(a.Vol.ToRef()).ConfigureAwait(false)).ToWire()));
        r.Add<XmlFlagsArgs, StoragePoolRet>(RemoteProcedure.StoragePoolDefineXml, async (ctx, a) => new StoragePoolRet((await S(ctx).DefinePoolXmlAsync(a.Xml, a.Flags).ConfigureAwait(false)).ToWire()));
        r.Add<XmlFlagsArgs, StoragePoolRet>(RemoteProcedure.StoragePoolCreateXml, async (ctx, a) => new StoragePoolRet((await S(ctx).CreatePoolXmlAsync(a.Xml, a.Flags).ConfigureAwait(false)).ToWire()));
        r.Add<StoragePoolFlagsArgs>(RemoteProcedure.StoragePoolBuild, (ctx, a) => S(ctx).BuildPoolAsync(a.Pool.ToRef(), a.Flags));
        r.Add<StoragePoolFlagsArgs>(RemoteProcedure.StoragePoolCreate, (ctx, a) => S(ctx).CreatePoolAsync(a.Pool.ToRef(), a.Flags));
        r.Add<StoragePoolArgs>(RemoteProcedure.StoragePoolDestroy, (ctx, a) => S(ctx).DestroyPoolAsync(a.Pool.ToRef()));
        r.Add<StoragePoolFlagsArgs>(RemoteProcedure.StoragePoolDelete, (ctx, a) => S(ctx).DeletePoolAsync(a.Pool.ToRef(), a.Flags));
        r.Add<StoragePoolArgs>(RemoteProcedure.StoragePoolUndefine, (ctx, a) => S(ctx).UndefinePoolAsync(a.Pool.ToRef()));
        r.Add<StoragePoolFlagsArgs>(RemoteProcedure.StoragePoolRefresh, (ctx, a) => S(ctx).RefreshPoolAsync(a.Pool.ToRef(), a.Flags));
        r.Add<StoragePoolArgs, StoragePoolGetInfoRet>(RemoteProcedure.StoragePoolGetInfo, async (ctx, a) =>
        {
            var i = await S(ctx).GetPoolInfoAsync(a.Pool.ToRef()).ConfigureAwait(false);
            return new StoragePoolGetInfoRet((byte)i.State, i.Capacity, i.Allocation, i.Available);
        });
        r.Add<StoragePoolFlagsArgs, StringRet>(RemoteProcedure.StoragePoolGetXmlDesc, async (ctx, a) => new StringRet(await S(ctx).GetPoolXmlDescAsync(a.Pool.ToRef(), a.Flags).ConfigureAwait(false)));
        r.Add<StoragePoolArgs, IntRet>(RemoteProcedure.StoragePoolGetAutostart, async (ctx, a) => new IntRet(await S(ctx).GetPoolAutostartAsync(a.Pool.ToRef()).ConfigureAwait(false) ? 1 : 0));
        r.Add<StoragePoolSetAutostartArgs>(RemoteProcedure.StoragePoolSetAutostart, (ctx, a) => S(ctx).SetPoolAutostartAsync(a.Pool.ToRef(), a.Autostart != 0));
        r.Add<StoragePoolArgs, IntRet>(RemoteProcedure.StoragePoolIsActive, async (ctx, a) => new IntRet(await S(ctx).IsPoolActiveAsync(a.Pool.ToRef()).ConfigureAwait(false) ? 1 : 0));
        r.Add<StoragePoolArgs, IntRet>(RemoteProcedure.StoragePoolIsPersistent, async (ctx, a) => new IntRet(await S(ctx).IsPoolPersistentAsync(a.Pool.ToRef()).ConfigureAwait(false) ? 1 : 0));
        r.Add<StoragePoolArgs, IntRet>(RemoteProcedure.StoragePoolNumOfVolumes, async (ctx, a) => new IntRet((await S(ctx).ListAllVolumesAsync(a.Pool.ToRef(), 0).ConfigureAwait(false)).Count));
        r.Add<StoragePoolListVolumesArgs, NameListRet>(RemoteProcedure.StoragePoolListVolumes, async (ctx, a) =>
            new NameListRet((await S(ctx).ListAllVolumesAsync(a.Pool.ToRef(), 0).ConfigureAwait(false)).Select(v => v.Name).Take(Math.Max(0, a.Maxnames)).ToArray()));
        r.Add<StoragePoolListAllVolumesArgs, StoragePoolListAllVolumesRet>(RemoteProcedure.StoragePoolListAllVolumes, async (ctx, a) =>
        {
            var vols = await S(ctx).ListAllVolumesAsync(a.Pool.ToRef(), a.Flags).ConfigureAwait(false);
            return new StoragePoolListAllVolumesRet(a.NeedResults != 0 ? vols.Select(v => v.ToWire()).ToArray() : [], (uint)vols.Count);
        });

        r.Add<StorageVolLookupByNameArgs, StorageVolRet>(RemoteProcedure.StorageVolLookupByName, async (ctx, a) => new StorageVolRet((await S(ctx).LookupVolByNameAsync(a.Pool.ToRef(), a.Name).ConfigureAwait(false)).ToWire()));
        r.Add<StringArgs, StorageVolRet>(RemoteProcedure.StorageVolLookupByKey, async (ctx, a) => new StorageVolRet((await S(ctx).LookupVolByKeyAsync(a.Value).ConfigureAwait(false)).ToWire()));
        r.Add<StringArgs, StorageVolRet>(RemoteProcedure.StorageVolLookupByPath, async (ctx, a) => new StorageVolRet((await S(ctx).LookupVolByPathAsync(a.Value).ConfigureAwait(false)).ToWire()));
        r.Add<StorageVolCreateXmlArgs, StorageVolRet>(RemoteProcedure.StorageVolCreateXml, async (ctx, a) => new StorageVolRet((await S(ctx).CreateVolXmlAsync(a.Pool.ToRef(), a.Xml, a.Flags).ConfigureAwait(false)).ToWire()));
        r.Add<StorageVolCreateXmlFromArgs, StorageVolRet>(RemoteProcedure.StorageVolCreateXmlFrom, async (ctx, a) =>
            new StorageVolRet((await S(ctx).CreateVolXmlFromAsync(a.Pool.ToRef(), a.Xml, a.Clonevol.ToRef(), a.Flags).ConfigureAwait(false)).ToWire()));
        r.Add<StorageVolFlagsArgs>(RemoteProcedure.StorageVolDelete, (ctx, a) => S(ctx).DeleteVolAsync(a.Vol.ToRef(), a.Flags));
        r.Add<StorageVolArgs, StorageVolGetInfoRet>(RemoteProcedure.StorageVolGetInfo, (ctx, a) => VolInfo(ctx, a.Vol, 0));
        r.Add<StorageVolFlagsArgs, StorageVolGetInfoRet>(RemoteProcedure.StorageVolGetInfoFlags, (ctx, a) => VolInfo(ctx, a.Vol, a.Flags));
        r.Add<StorageVolFlagsArgs, StringRet>(RemoteProcedure.StorageVolGetXmlDesc, async (ctx, a) => new StringRet(await S(ctx).GetVolXmlDescAsync(a.Vol.ToRef(), a.Flags).ConfigureAwait(false)));
        r.Add<StorageVolArgs, StringRet>(RemoteProcedure.StorageVolGetPath, async (ctx, a) => new StringRet(await S(ctx).GetVolPathAsync(a.Vol.ToRef()).ConfigureAwait(false)));
        r.Add<StorageVolResizeArgs>(RemoteProcedure.StorageVolResize, (ctx, a) => S(ctx).ResizeVolAsync(a.Vol.ToRef(), a.Capacity, a.Flags));
        r.Add<StorageVolFlagsArgs>(RemoteProcedure.StorageVolWipe, (ctx, a) => S(ctx).WipeVolAsync(a.Vol.ToRef(), 0, a.Flags));
        r.Add<StorageVolWipePatternArgs>(RemoteProcedure.StorageVolWipePattern, (ctx, a) => S(ctx).WipeVolAsync(a.Vol.ToRef(), a.Algorithm, a.Flags));
    }

    private static async Task<StorageVolGetInfoRet> VolInfo(CallContext ctx, RemoteNonnullStorageVol vol, uint flags)
    {
        var i = await S(ctx).GetVolInfoAsync(vol.ToRef(), flags).ConfigureAwait(false);
        return new StorageVolGetInfoRet((sbyte)i.Type, i.Capacity, i.Allocation);
    }
}
