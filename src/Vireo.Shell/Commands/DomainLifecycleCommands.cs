using Vireo.Client.Api;
using Vireo.Protocol.Errors;
using Vireo.Shell.Runtime;

namespace Vireo.Shell.Commands;

/// <summary>Start, stop, pause, define and remove domains (virsh-domain.c).</summary>
public static class DomainLifecycleCommands
{
    public static void Register(Dictionary<string, CommandHandler> map)
    {
        map["start"] = Start;
        map["destroy"] = Destroy;
        map["shutdown"] = Shutdown;
        map["reboot"] = Reboot;
        map["reset"] = Reset;
        map["suspend"] = Suspend;
        map["resume"] = Resume;
        map["create"] = Create;
        map["define"] = Define;
        map["undefine"] = Undefine;
        map["autostart"] = Autostart;
    }

    private static async Task<bool> Start(CommandContext ctx)
    {
        var (dom, _) = await ctx.LookupDomainAsync(LookupBy.Name | LookupBy.Uuid).ConfigureAwait(false);
        if (dom is null) return false;
        if (dom.Id != -1)
        {
            ctx.Error("Domain is already active");
            return false;
        }
        if (ctx.StringQuiet("pass-fds", out var fds) > 0 && fds!.Length > 0)
        {
            ctx.Error("passing file descriptors is not supported by vsh");
            return false;
        }
        var flags = DomainStartFlags.None;
        if (ctx.Has("paused")) flags |= DomainStartFlags.Paused;
        if (ctx.Has("autodestroy")) flags |= DomainStartFlags.Autodestroy;
        if (ctx.Has("bypass-cache")) flags |= DomainStartFlags.BypassCache;
        if (ctx.Has("force-boot")) flags |= DomainStartFlags.ForceBoot;
        if (ctx.Has("reset-nvram")) flags |= DomainStartFlags.ResetNvram;

        if (flags.HasFlag(DomainStartFlags.ForceBoot))
        {
            // try the flag; older servers reject it, then emulate it by removing the managed save image
            try
            {
                await dom.StartAsync(flags).ConfigureAwait(false);
                ctx.PrintExtra($"Domain '{dom.Name}' started\n");
                return await ConsoleAfterStartAsync(ctx, dom).ConfigureAwait(false);
            }
            catch (LibvirtException e) when (e.Code is ErrorCode.NoSupport or ErrorCode.InvalidArg)
            {
                ctx.ResetError();
            }
            try
            {
                if (await dom.HasManagedSaveImageAsync().ConfigureAwait(false)) await dom.ManagedSaveRemoveAsync().ConfigureAwait(false);
            }
            catch (LibvirtException e) when (e.Code == ErrorCode.NoSupport)
            {
                ctx.ResetError();
            }
            flags &= ~DomainStartFlags.ForceBoot;
        }
        try
        {
            await dom.StartAsync(flags).ConfigureAwait(false);
        }
        catch (LibvirtException e)
        {
            ctx.Save(e);
            ctx.Error($"Failed to start domain '{dom.Name}'");
            return false;
        }
        ctx.PrintExtra($"Domain '{dom.Name}' started\n");
        return await ConsoleAfterStartAsync(ctx, dom).ConfigureAwait(false);
    }

    private static Task<bool> ConsoleAfterStartAsync(CommandContext ctx, Domain dom) =>
        ctx.Has("console") ? StreamCommands.AttachConsoleAsync(ctx, dom) : Task.FromResult(true);

    private static async Task<bool> Destroy(CommandContext ctx)
    {
        var (dom, name) = await ctx.LookupDomainAsync().ConfigureAwait(false);
        if (dom is null) return false;
        var flags = DomainDestroyFlags.Default;
        if (ctx.Has("graceful")) flags |= DomainDestroyFlags.Graceful;
        if (ctx.Has("remove-logs")) flags |= DomainDestroyFlags.RemoveLogs;
        return await Act(ctx, () => dom.DestroyAsync(flags), $"Failed to destroy domain '{name}'", $"Domain '{name}' destroyed\n").ConfigureAwait(false);
    }

    /// <summary>The --mode list of shutdown and reboot.</summary>
    private static bool ParseModes(CommandContext ctx, bool reboot, out DomainShutdownFlags flags)
    {
        flags = DomainShutdownFlags.Default;
        if (!ctx.TryString("mode", out var mode)) return false;
        if (mode is null) return true;
        foreach (var m in mode.Split(','))
        {
            switch (m)
            {
                case "acpi": flags |= DomainShutdownFlags.AcpiPowerButton; break;
                case "agent": flags |= DomainShutdownFlags.GuestAgent; break;
                case "initctl": flags |= DomainShutdownFlags.Initctl; break;
                case "signal": flags |= DomainShutdownFlags.Signal; break;
                case "paravirt": flags |= DomainShutdownFlags.Paravirt; break;
                default:
                    ctx.Error(reboot
                        ? $"Unknown mode {m} value, expecting 'acpi', 'agent', 'initctl', 'signal' or 'paravirt'"
                        : $"Unknown mode {m} value, expecting 'acpi', 'agent', 'initctl', 'signal', or 'paravirt'");
                    return false;
            }
        }
        return true;
    }

    private static async Task<bool> Shutdown(CommandContext ctx)
    {
        if (!ParseModes(ctx, reboot: false, out var flags)) return false;
        var (dom, name) = await ctx.LookupDomainAsync().ConfigureAwait(false);
        if (dom is null) return false;
        return await Act(ctx, () => dom.ShutdownAsync(flags), $"Failed to shutdown domain '{name}'", $"Domain '{name}' is being shutdown\n").ConfigureAwait(false);
    }

    private static async Task<bool> Reboot(CommandContext ctx)
    {
        if (!ParseModes(ctx, reboot: true, out var flags)) return false;
        var (dom, name) = await ctx.LookupDomainAsync().ConfigureAwait(false);
        if (dom is null) return false;
        return await Act(ctx, () => dom.RebootAsync(flags), $"Failed to reboot domain '{name}'", $"Domain '{name}' is being rebooted\n").ConfigureAwait(false);
    }

    private static async Task<bool> Reset(CommandContext ctx)
    {
        var (dom, name) = await ctx.LookupDomainAsync().ConfigureAwait(false);
        if (dom is null) return false;
        return await Act(ctx, dom.ResetAsync, $"Failed to reset domain '{name}'", $"Domain '{name}' was reset\n").ConfigureAwait(false);
    }

    private static async Task<bool> Suspend(CommandContext ctx)
    {
        var (dom, name) = await ctx.LookupDomainAsync().ConfigureAwait(false);
        if (dom is null) return false;
        return await Act(ctx, dom.SuspendAsync, $"Failed to suspend domain '{name}'", $"Domain '{name}' suspended\n").ConfigureAwait(false);
    }

    private static async Task<bool> Resume(CommandContext ctx)
    {
        var (dom, name) = await ctx.LookupDomainAsync().ConfigureAwait(false);
        if (dom is null) return false;
        return await Act(ctx, dom.ResumeAsync, $"Failed to resume domain '{name}'", $"Domain '{name}' resumed\n").ConfigureAwait(false);
    }

    /// <summary>Runs an action; on failure saves the error and prints <paramref name="failure"/>, else prints <paramref name="success"/> (not when quiet).</summary>
    public static async Task<bool> Act(CommandContext ctx, Func<Task> action, string failure, string success)
    {
        try
        {
            await action().ConfigureAwait(false);
        }
        catch (LibvirtException e)
        {
            ctx.Save(e);
            ctx.Error(failure);
            return false;
        }
        ctx.PrintExtra(success);
        return true;
    }

    private static async Task<bool> Create(CommandContext ctx)
    {
        if (!ctx.TryString("file", out var from)) return false;
        var xml = ctx.ReadFile(from!);
        if (xml is null) return false;
        if (ctx.StringQuiet("pass-fds", out var fds) > 0 && fds!.Length > 0)
        {
            ctx.Error("passing file descriptors is not supported by vsh");
            return false;
        }
        var flags = DomainStartFlags.None;
        if (ctx.Has("paused")) flags |= DomainStartFlags.Paused;
        if (ctx.Has("autodestroy")) flags |= DomainStartFlags.Autodestroy;
        if (ctx.Has("validate")) flags |= DomainStartFlags.Validate;
        if (ctx.Has("reset-nvram")) flags |= DomainStartFlags.ResetNvram;
        Domain dom;
        try
        {
            dom = await ctx.Conn.CreateDomainXmlAsync(xml, flags).ConfigureAwait(false);
        }
        catch (LibvirtException e)
        {
            ctx.Save(e);
            ctx.Error($"Failed to create domain from {from}");
            return false;
        }
        ctx.PrintExtra($"Domain '{dom.Name}' created from {from}\n");
        return await ConsoleAfterStartAsync(ctx, dom).ConfigureAwait(false);
    }

    private static async Task<bool> Define(CommandContext ctx)
    {
        if (!ctx.TryString("file", out var from)) return false;
        var flags = ctx.Has("validate") ? DomainDefineFlags.Validate : DomainDefineFlags.None;
        var xml = ctx.ReadFile(from!);
        if (xml is null) return false;
        Domain dom;
        try
        {
            dom = await ctx.Conn.DefineDomainXmlAsync(xml, flags).ConfigureAwait(false);
        }
        catch (LibvirtException e)
        {
            ctx.Save(e);
            ctx.Error($"Failed to define domain from {from}");
            return false;
        }
        ctx.PrintExtra($"Domain '{dom.Name}' defined from {from}\n");
        return true;
    }

    private static async Task<bool> Autostart(CommandContext ctx)
    {
        var (dom, name) = await ctx.LookupDomainAsync().ConfigureAwait(false);
        if (dom is null) return false;
        bool autostart = !ctx.Has("disable");
        return await Act(ctx, () => dom.SetAutostartAsync(autostart),
            autostart ? $"Failed to mark domain '{name}' as autostarted" : $"Failed to unmark domain '{name}' as autostarted",
            autostart ? $"Domain '{name}' marked as autostarted\n" : $"Domain '{name}' unmarked as autostarted\n").ConfigureAwait(false);
    }

    private static async Task<bool> Undefine(CommandContext ctx)
    {
        bool managedSave = ctx.Has("managed-save"), snapshotsMetadata = ctx.Has("snapshots-metadata");
        bool wipe = ctx.Has("wipe-storage"), removeAll = ctx.Has("remove-all-storage"), nvram = ctx.Has("nvram");
        if (!ctx.Require("delete-storage-volume-snapshots", "remove-all-storage") || !ctx.Exclusive("nvram", "keep-nvram")
            || !ctx.Exclusive("tpm", "keep-tpm"))
            return false;
        ctx.StringQuiet("storage", out var volString);
        if (volString is null && !removeAll && wipe)
        {
            ctx.Error("'--wipe-storage' requires '--storage <string>' or '--remove-all-storage'");
            return false;
        }
        var flags = DomainUndefineFlags.None;
        if (managedSave) flags |= DomainUndefineFlags.ManagedSave;
        if (snapshotsMetadata) flags |= DomainUndefineFlags.SnapshotsMetadata;
        if (ctx.Has("checkpoints-metadata")) flags |= DomainUndefineFlags.CheckpointsMetadata;
        if (nvram) flags |= DomainUndefineFlags.Nvram;
        if (ctx.Has("keep-nvram")) flags |= DomainUndefineFlags.KeepNvram;
        if (ctx.Has("tpm")) flags |= DomainUndefineFlags.Tpm;
        if (ctx.Has("keep-tpm")) flags |= DomainUndefineFlags.KeepTpm;
        bool managedSaveSafe = managedSave, snapshotsSafe = snapshotsMetadata;

        var (dom, name) = await ctx.LookupDomainAsync().ConfigureAwait(false);
        if (dom is null) return false;

        bool running = await dom.IsActiveAsync().ConfigureAwait(false);
        bool hasManagedSave = false;
        int hasSnapshots = 0, hasSnapshotsMetadata = 0;
        if (!running)
        {
            try { hasManagedSave = await dom.HasManagedSaveImageAsync().ConfigureAwait(false); }
            catch (LibvirtException e) when (e.Code == ErrorCode.NoSupport) { ctx.ResetError(); }
            try { hasSnapshots = await dom.SnapshotNumAsync().ConfigureAwait(false); }
            catch (LibvirtException e) when (e.Code == ErrorCode.NoSupport) { ctx.ResetError(); }
            if (hasSnapshots > 0)
            {
                try
                {
                    hasSnapshotsMetadata = await dom.SnapshotNumAsync(SnapshotListFlags.Metadata).ConfigureAwait(false);
                    managedSaveSafe = snapshotsSafe = true;
                }
                catch (LibvirtException)
                {
                    ctx.ResetError();
                    hasSnapshotsMetadata = hasSnapshots;
                }
            }
        }
        if (!hasManagedSave)
        {
            flags &= ~DomainUndefineFlags.ManagedSave;
            managedSaveSafe = true;
        }
        if (hasSnapshots == 0) snapshotsSafe = true;
        if (hasSnapshotsMetadata == 0)
        {
            flags &= ~DomainUndefineFlags.SnapshotsMetadata;
            snapshotsSafe = true;
        }

        var volumes = new List<(StorageVolume Vol, string Source, string Target)>();
        if (volString is not null || removeAll)
        {
            var found = await UndefineStorage.CollectAsync(ctx, dom, running, volString, removeAll).ConfigureAwait(false);
            if (found is null) return false;
            volumes = found;
        }

        bool done = false;
        if (managedSaveSafe && snapshotsSafe || nvram)
        {
            try
            {
                await dom.UndefineFlagsAsync(flags).ConfigureAwait(false);
                done = true;
            }
            catch (LibvirtException e) when (!nvram && e.Code is ErrorCode.NoSupport or ErrorCode.InvalidArg)
            {
                ctx.ResetError();
            }
            catch (LibvirtException e)
            {
                ctx.Save(e);
                ctx.Error($"Failed to undefine domain '{name}'");
                return false;
            }
        }
        if (!done)
        {
            if (hasManagedSave)
            {
                if (!managedSave)
                {
                    ctx.Error("Refusing to undefine while domain managed save image exists");
                    return false;
                }
                try
                {
                    await dom.ManagedSaveRemoveAsync().ConfigureAwait(false);
                }
                catch (LibvirtException e)
                {
                    ctx.Error(e.Message);
                    return false;
                }
            }
            if (hasSnapshotsMetadata > 0)
            {
                ctx.Error(snapshotsMetadata
                    ? $"Unable to remove metadata of {hasSnapshotsMetadata} snapshots"
                    : $"Refusing to undefine while {hasSnapshotsMetadata} snapshots exist");
                return false;
            }
            try
            {
                await dom.UndefineAsync().ConfigureAwait(false);
            }
            catch (LibvirtException e)
            {
                ctx.Save(e);
                ctx.Error($"Failed to undefine domain '{name}'");
                return false;
            }
        }
        ctx.PrintExtra($"Domain '{name}' has been undefined\n");
        return await UndefineStorage.RemoveAsync(ctx, volumes, wipe, ctx.Has("delete-storage-volume-snapshots")).ConfigureAwait(false);
    }
}
