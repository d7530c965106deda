using Vireo.Client.Api;
using Vireo.Protocol.Errors;

namespace Vireo.Web.Api;

/// <summary>
/// A Details-window change: written to the persistent definition, and applied to the running guest too where the
/// driver can; the reply says which ("applied now" or "takes effect at the next boot" with the driver's reason).
/// </summary>
public static class Changes
{
    public static async Task<string> ApplyAsync(Domain dom, Func<Task> config, Func<Task> live)
    {
        bool persistent = await dom.IsPersistentAsync();
        bool active = await dom.IsActiveAsync();
        if (persistent) await config();
        if (!active) return "Saved.";
        try
        {
            await live();
            return "Applied now.";
        }
        catch (LibvirtException e) when (persistent)
        {
            return $"Saved: takes effect at the next boot (the running guest cannot change now: {e.Message}).";
        }
    }
}
