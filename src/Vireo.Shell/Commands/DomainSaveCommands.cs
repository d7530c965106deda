using System.Globalization;
using Vireo.Client.Api;
using Vireo.Protocol.Errors;
using Vireo.Shell.Runtime;

namespace Vireo.Shell.Commands;

/// <summary>save, restore, managedsave, managedsave-remove (virsh-domain.c).</summary>
public static class DomainSaveCommands
{
    public static void Register(Dictionary<string, CommandHandler> map)
    {
        map["save"] = Save;
        map["restore"] = Restore;
        map["managedsave"] = ManagedSave;
        map["managedsave-remove"] = ManagedSaveRemove;
    }

    private static DomainSaveFlags SaveFlags(CommandContext ctx)
    {
        var flags = DomainSaveFlags.None;
        if (ctx.Has("bypass-cache")) flags |= DomainSaveFlags.BypassCache;
        if (ctx.Has("running")) flags |= DomainSaveFlags.Running;
        if (ctx.Has("paused")) flags |= DomainSaveFlags.Paused;
        return flags;
    }

    private static async Task<bool> Save(CommandContext ctx)
    {
        var (dom, name) = await ctx.LookupDomainAsync().ConfigureAwait(false);
        if (dom is null) return false;
        if (!ctx.TryString("file", out var to)) return false;
        var flags = SaveFlags(ctx);
        if (!ctx.TryString("xml", out var xmlFile)) return false;
        // virsh's worker thread looks the domain up again before saving
        var (again, _) = await ctx.LookupDomainAsync().ConfigureAwait(false);
        if (again is null) return false;
        string? xml = null;
        if (xmlFile is not null && (xml = ctx.ReadFile(xmlFile)) is null) return false;
        bool ok = await JobWatch.RunAsync(ctx, again, "Save", async () =>
        {
            try
            {
                await again.SaveAsync(to!, xml, flags).ConfigureAwait(false);
                return true;
            }
            catch (LibvirtException e)
            {
                ctx.Save(e);
                ctx.Error($"Failed to save domain '{name}' to {to}");
                return false;
            }
        }).ConfigureAwait(false);
        if (ok) ctx.PrintExtra($"\nDomain '{name}' saved to {to}\n");
        return ok;
    }

    private static async Task<bool> Restore(CommandContext ctx)
    {
        if (!ctx.TryString("file", out var from)) return false;
        var flags = SaveFlags(ctx);
        if (ctx.Has("reset-nvram")) flags |= DomainSaveFlags.ResetNvram;
        if (!ctx.TryString("xml", out var xmlFile)) return false;
        string? xml = null;
        if (xmlFile is not null && (xml = ctx.ReadFile(xmlFile)) is null) return false;
        try
        {
            await ctx.Conn.RestoreDomainAsync(from!, xml, flags).ConfigureAwait(false);
        }
        catch (LibvirtException e)
        {
            ctx.Save(e);
            ctx.Error($"Failed to restore domain from {from}");
            return false;
        }
        ctx.PrintExtra($"Domain restored from {from}\n");
        return true;
    }

    private static async Task<bool> ManagedSave(CommandContext ctx)
    {
        var (dom, name) = await ctx.LookupDomainAsync().ConfigureAwait(false);
        if (dom is null) return false;
        var flags = SaveFlags(ctx);
        var (again, _) = await ctx.LookupDomainAsync().ConfigureAwait(false);
        if (again is null) return false;
        bool ok = await JobWatch.RunAsync(ctx, again, "Managedsave", async () =>
        {
            try
            {
                await again.ManagedSaveAsync(flags).ConfigureAwait(false);
                return true;
            }
            catch (LibvirtException e)
            {
                ctx.Save(e);
                ctx.Error($"Failed to save domain '{name}' state");
                return false;
            }
        }).ConfigureAwait(false);
        if (ok) ctx.PrintExtra($"\nDomain '{name}' state saved by libvirt\n");
        return ok;
    }

    private static async Task<bool> ManagedSaveRemove(CommandContext ctx)
    {
        var (dom, name) = await ctx.LookupDomainAsync().ConfigureAwait(false);
        if (dom is null) return false;
        bool hasSave;
        try
        {
            hasSave = await dom.HasManagedSaveImageAsync().ConfigureAwait(false);
        }
        catch (LibvirtException e)
        {
            ctx.Save(e);
            ctx.Error("Failed to check for domain managed save image");
            return false;
        }
        if (!hasSave)
        {
            ctx.PrintExtra($"Domain '{name}' has no manage save image; removal skipped");
            return true;
        }
        return await DomainLifecycleCommands.Act(ctx, dom.ManagedSaveRemoveAsync,
            $"Failed to remove managed save image for domain '{name}'", $"Removed managedsave image for domain '{name}'").ConfigureAwait(false);
    }
}

/// <summary>
/// virshWatchJob: runs a long domain job; with --verbose prints "\rLABEL: [ NN %]" progress to stderr every
/// 500 ms from virDomainGetJobInfo, and Ctrl-C aborts the job.
/// </summary>
internal static class JobWatch
{
    public static async Task<bool> RunAsync(CommandContext ctx, Domain dom, string label, Func<Task<bool>> job, int timeoutSeconds = 0,
        Func<Task>? onTimeout = null)
    {
        bool verbose = ctx.Has("verbose");
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            e.Cancel = true;
            _ = AbortQuietlyAsync(dom);
        };
        Console.CancelKeyPress += onCancel;
        try
        {
            var work = job();
            var deadline = timeoutSeconds > 0 ? DateTime.UtcNow.AddSeconds(timeoutSeconds) : DateTime.MaxValue;
            bool timedOut = false;
            while (await Task.WhenAny(work, Task.Delay(500)).ConfigureAwait(false) != work)
            {
                if (!timedOut && DateTime.UtcNow >= deadline && onTimeout is not null)
                {
                    timedOut = true;
                    await onTimeout().ConfigureAwait(false);
                }
                if (!verbose) continue;
                try
                {
                    var info = await dom.GetJobInfoAsync().ConfigureAwait(false);
                    if (info.DataTotal > 0) Progress(ctx, label, info.DataRemaining, info.DataTotal);
                }
                catch (LibvirtException)
                {
                    // no job information yet
                }
            }
            bool ok = await work.ConfigureAwait(false);
            if (ok && verbose) Progress(ctx, label, 0, 1);
            return ok;
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
    }

    private static async Task AbortQuietlyAsync(Domain dom)
    {
        try
        {
            await dom.AbortJobAsync().ConfigureAwait(false);
        }
        catch (LibvirtException)
        {
            // nothing to abort
        }
    }

    /// <summary>virshPrintJobProgress.</summary>
    public static void Progress(CommandContext ctx, string label, ulong remaining, ulong total)
    {
        int progress;
        if (remaining == 0) progress = 100;
        else
        {
            progress = (int)(100.0 - remaining * 100.0 / total);
            if (progress >= 100) progress = 99;
        }
        ctx.Out.Stderr(string.Format(CultureInfo.InvariantCulture, "\r{0}: [{1,3} %]", label, progress));
    }
}
