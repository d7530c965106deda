using Vireo.Client.Api;
using Vireo.Protocol.Errors;
using Vireo.Shell.Runtime;

namespace Vireo.Shell.Commands;

/// <summary>
/// migrate-postcopy, and the parts of <c>migrate</c> that act while the migration runs: --postcopy-after-precopy
/// (switch after the first pass over memory, as virsh does on MIGRATION_ITERATION 2) and the --timeout action
/// (the convergence policy: suspend so the rest completes offline, or switch to post-copy).
/// </summary>
public static class MigrationModeCommands
{
    public static void Register(Dictionary<string, CommandHandler> map) => map["migrate-postcopy"] = StartPostcopy;

    private static async Task<bool> StartPostcopy(CommandContext ctx)
    {
        var (dom, _) = await ctx.LookupDomainAsync().ConfigureAwait(false);
        if (dom is null) return false;
        try
        {
            await dom.MigrateStartPostCopyAsync().ConfigureAwait(false);
            return true;
        }
        catch (LibvirtException e)
        {
            ctx.Save(e);
            return false;
        }
    }

    /// <summary>Watches the job of <paramref name="work"/> and switches to post-copy once the second pass over memory started.</summary>
    public static async Task PostcopyAfterPrecopyAsync(Domain dom, Task work)
    {
        while (!work.IsCompleted)
        {
            try
            {
                var stats = await dom.GetJobStatsRawAsync().ConfigureAwait(false);
                if (stats.GetULong("memory_iteration") is >= 2)
                {
                    await dom.MigrateStartPostCopyAsync().ConfigureAwait(false);
                    return;
                }
            }
            catch (LibvirtException)
            {
                // no job yet, or it ended; the migration itself reports failures
            }
            await Task.WhenAny(work, Task.Delay(200)).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The --timeout action. vsh says what it does (virsh only logs it at debug level): the policy is explicit, and
    /// the daemon reports the pause as "migrating" and logs it too.
    /// </summary>
    public static async Task OnTimeoutAsync(CommandContext ctx, Domain dom, uint seconds, bool postcopy)
    {
        try
        {
            if (postcopy)
            {
                ctx.Out.Stderr($"\nmigration did not complete within {seconds} s: switching to post-copy\n");
                await dom.MigrateStartPostCopyAsync().ConfigureAwait(false);
            }
            else
            {
                ctx.Out.Stderr($"\nmigration did not complete within {seconds} s: suspending the domain so the migration completes offline\n");
                await dom.SuspendAsync().ConfigureAwait(false);
            }
        }
        catch (LibvirtException e)
        {
            ctx.Out.Stderr($"migration timeout action failed: {e.Message}\n");
        }
    }
}
