using Vireo.Client.Api;
using Vireo.Protocol.Errors;
using Vireo.Protocol.Remote;
using Vireo.Shell.Runtime;

namespace Vireo.Shell.Commands;

/// <summary>
/// <c>migrate</c> (virsh-domain.c cmdMigrate/doMigrate): builds the migration parameters and flags, then either
/// opens the destination itself and drives the migration (managed), or lets the source daemon do it (--p2p/--direct).
/// </summary>
public static class MigrateCommand
{
    public static void Register(Dictionary<string, CommandHandler> map) => map["migrate"] = Migrate;

    private static async Task<bool> Migrate(CommandContext ctx)
    {
        if (!ctx.Exclusive("live", "offline") || !ctx.Exclusive("timeout-suspend", "timeout-postcopy")
            || !ctx.Require("postcopy-after-precopy", "postcopy") || !ctx.Require("postcopy-resume", "postcopy")
            || !ctx.Require("timeout-postcopy", "postcopy") || !ctx.Require("persistent-xml", "persistent")
            || !ctx.Require("tls-destination", "tls"))
            return false;
        var (dom, _) = await ctx.LookupDomainAsync().ConfigureAwait(false);
        if (dom is null) return false;
        bool live = ctx.Has("live");
        if (ctx.OptUInt("timeout", out uint timeout) < 0) return false;
        if (timeout > 0 && !live)
        {
            ctx.Error("migrate: Unexpected timeout for offline migration");
            return false;
        }
        bool postcopyOnTimeout = ctx.Has("timeout-postcopy");
        if (timeout == 0 && (ctx.Has("timeout-suspend") || postcopyOnTimeout))
        {
            ctx.Error("migrate: Unexpected --timeout-* option without --timeout");
            return false;
        }
        bool afterPrecopy = ctx.Has("postcopy-after-precopy");

        bool unmanaged = ctx.Has("p2p") || ctx.Has("direct");
        Connection? destination = null;
        if (!unmanaged)
        {
            if (!ctx.TryString("desturi", out var desturi)) return false;
            try
            {
                destination = await Connection.OpenAsync(desturi!, readOnly: false, closeCallback: false).ConfigureAwait(false);
            }
            catch (LibvirtException e)
            {
                ctx.Save(e);
                return false;
            }
        }
        try
        {
            // the worker (doMigrate) looks the domain up again
            var (again, _) = await ctx.LookupDomainAsync().ConfigureAwait(false);
            if (again is null) return false;
            var build = BuildParameters(ctx);
            if (build is null) return false;
            var (parameters, flags, desturi) = build.Value;
            return await JobWatch.RunAsync(ctx, again, "Migration", async () =>
            {
                try
                {
                    var work = flags.HasFlag(MigrateFlags.PeerToPeer) || ctx.Has("direct")
                        ? again.MigrateToUriAsync(desturi, parameters, flags)
                        : (Task)again.MigrateAsync(destination!, parameters, flags);
                    if (afterPrecopy)
                        _ = MigrationModeCommands.PostcopyAfterPrecopyAsync(again, work);
                    await work.ConfigureAwait(false);
                    return true;
                }
                catch (LibvirtException e)
                {
                    ctx.Save(e);
                    return false;
                }
            }, (int)timeout, () => MigrationModeCommands.OnTimeoutAsync(ctx, again, timeout, postcopyOnTimeout)).ConfigureAwait(false);
        }
        finally
        {
            if (destination is not null) await destination.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>doMigrate's parameter and flag collection; null when an option is malformed (reported).</summary>
    private static (List<TypedParameter> Parameters, MigrateFlags Flags, string? DestUri)? BuildParameters(CommandContext ctx)
    {
        var p = new List<TypedParameter>();
        if (!ctx.TryString("desturi", out var desturi)) return null;
        (string Option, string Param)[] strings =
        [
            ("migrateuri", "migrate_uri"), ("graphicsuri", "graphics_uri"), ("listen-address", "listen_address"),
        ];
        foreach (var (option, param) in strings)
        {
            if (!ctx.TryString(option, out var v)) return null;
            if (v is not null) p.Add(TypedParameter.Str(param, v));
        }
        if (ctx.OptInt("disks-port", out int port) < 0) return null;
        if (port != 0) p.Add(TypedParameter.Int("disks_port", port));
        if (!ctx.TryString("disks-uri", out var disksUri)) return null;
        if (disksUri is not null) p.Add(TypedParameter.Str("disks_uri", disksUri));
        if (!ctx.TryString("dname", out var dname)) return null;
        if (dname is not null) p.Add(TypedParameter.Str("destination_name", dname));
        if (!ctx.TryString("migrate-disks", out var disks)) return null;
        if (disks is not null) foreach (var d in disks.Split(',')) p.Add(TypedParameter.Str("migrate_disks", d));
        if (!ctx.TryString("comp-methods", out var comp)) return null;
        if (comp is not null) foreach (var c in comp.Split(',')) p.Add(TypedParameter.Str("compression", c));
        (string Option, string Param)[] ints =
        [
            ("comp-mt-level", "compression.mt.level"), ("comp-mt-threads", "compression.mt.threads"),
            ("comp-mt-dthreads", "compression.mt.dthreads"),
        ];
        foreach (var (option, param) in ints)
        {
            int rc = ctx.OptInt(option, out int v);
            if (rc < 0) return null;
            if (rc > 0) p.Add(TypedParameter.Int(param, v));
        }
        int xrc = ctx.OptULong("comp-xbzrle-cache", out ulong cache);
        if (xrc < 0) return null;
        if (xrc > 0) p.Add(TypedParameter.ULLong("compression.xbzrle.cache", cache));
        foreach (var (option, param) in new[] { ("xml", "destination_xml"), ("persistent-xml", "persistent_xml") })
        {
            if (!ctx.TryString(option, out var file)) return null;
            if (file is null) continue;
            var xml = ctx.ReadFile(file);
            if (xml is null)
            {
                ctx.Error($"cannot read file '{file}'");
                return null;
            }
            p.Add(TypedParameter.Str(param, xml));
        }
        foreach (var (option, param) in new[] { ("auto-converge-initial", "auto_converge.initial"), ("auto-converge-increment", "auto_converge.increment") })
        {
            int rc = ctx.OptInt(option, out int v);
            if (rc < 0) return null;
            if (rc > 0) p.Add(TypedParameter.Int(param, v));
        }
        int brc = ctx.OptULong("postcopy-bandwidth", out ulong pbw);
        if (brc < 0) return null;
        if (brc > 0) p.Add(TypedParameter.ULLong("bandwidth.postcopy", pbw));
        int crc = ctx.OptInt("parallel-connections", out int conns);
        if (crc < 0) return null;
        if (crc > 0) p.Add(TypedParameter.Int("parallel.connections", conns));
        int bwrc = ctx.OptULong("bandwidth", out ulong bw);
        if (bwrc < 0) return null;
        if (bwrc > 0) p.Add(TypedParameter.ULLong("bandwidth", bw));
        if (!ctx.TryString("tls-destination", out var tlsDest)) return null;
        if (tlsDest is not null) p.Add(TypedParameter.Str("tls.destination", tlsDest));

        var flags = MigrateFlags.None;
        (string Option, MigrateFlags Flag)[] bools =
        [
            ("live", MigrateFlags.Live), ("p2p", MigrateFlags.PeerToPeer), ("tunnelled", MigrateFlags.Tunnelled),
            ("persistent", MigrateFlags.PersistDest), ("undefinesource", MigrateFlags.UndefineSource), ("suspend", MigrateFlags.Paused),
            ("copy-storage-all", MigrateFlags.NonSharedDisk), ("copy-storage-inc", MigrateFlags.NonSharedInc),
        ];
        foreach (var (option, flag) in bools)
            if (ctx.Has(option)) flags |= flag;
        if (ctx.Has("copy-storage-synchronous-writes"))
        {
            if (!flags.HasFlag(MigrateFlags.NonSharedDisk) && !flags.HasFlag(MigrateFlags.NonSharedInc))
            {
                ctx.Error("'--copy-storage-synchronous-writes' requires one of '--copy-storage-all', 'copy-storage-inc'");
                return null;
            }
            flags |= MigrateFlags.NonSharedSynchronousWrites;
        }
        (string Option, MigrateFlags Flag)[] more =
        [
            ("change-protection", MigrateFlags.ChangeProtection), ("unsafe", MigrateFlags.Unsafe), ("compressed", MigrateFlags.Compressed),
            ("auto-converge", MigrateFlags.AutoConverge), ("rdma-pin-all", MigrateFlags.RdmaPinAll), ("offline", MigrateFlags.Offline),
            ("abort-on-error", MigrateFlags.AbortOnError), ("postcopy", MigrateFlags.Postcopy), ("postcopy-resume", MigrateFlags.PostcopyResume),
            ("zerocopy", MigrateFlags.Zerocopy), ("tls", MigrateFlags.Tls), ("parallel", MigrateFlags.Parallel),
        ];
        foreach (var (option, flag) in more)
            if (ctx.Has(option)) flags |= flag;
        return (p, flags, desturi);
    }
}
