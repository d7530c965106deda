using System.Globalization;
using Vireo.Host;
using Vireo.Protocol.Errors;
using Vireo.Shell.Runtime;

namespace Vireo.Shell.Commands;

/// <summary>nodecpustats, nodememstats (virsh-host.c) and vsh's host-validate (virt-host-validate's QEMU checks).</summary>
public static class NodeStatsCommands
{
    public static void Register(Dictionary<string, CommandHandler> map)
    {
        map["nodecpustats"] = CpuStats;
        map["nodememstats"] = MemStats;
        map["host-validate"] = HostValidate;
    }

    private static async Task<bool> CpuStats(CommandContext ctx)
    {
        if (ctx.OptInt("cpu", out int cpu) < 0) return false;
        if (!ctx.Has("cpu")) cpu = -1;
        bool percent = ctx.Has("percent");
        try
        {
            var first = ToMap(await ctx.Conn.GetNodeCpuStatsAsync(cpu).ConfigureAwait(false));
            if (!percent)
            {
                foreach (var (label, key) in new[] { ("user:", "user"), ("system:", "kernel"), ("idle:", "idle"), ("iowait:", "iowait") })
                    ctx.Print(string.Format(CultureInfo.InvariantCulture, "{0,-15} {1,20}\n", label, first.GetValueOrDefault(key)));
                return true;
            }
            await Task.Delay(1000).ConfigureAwait(false); // virsh samples twice, one second apart
            var second = ToMap(await ctx.Conn.GetNodeCpuStatsAsync(cpu).ConfigureAwait(false));
            double D(string k) => second.GetValueOrDefault(k) - (double)first.GetValueOrDefault(k);
            double total = D("user") + D("kernel") + D("idle") + D("iowait");
            double P(double v) => total > 0 ? v / total * 100 : 0;
            foreach (var (label, value) in new[] { ("usage:", P(D("user") + D("kernel"))), ("user:", P(D("user"))), ("system:", P(D("kernel"))),
                ("idle:", P(D("idle"))), ("iowait:", P(D("iowait"))) })
                ctx.Print(string.Format(CultureInfo.InvariantCulture, "{0,-15} {1,5:0.0}%\n", label, value));
            return true;
        }
        catch (LibvirtException e)
        {
            ctx.Save(e);
            ctx.Error("Unable to get node cpu stats");
            return false;
        }
    }

    private static async Task<bool> MemStats(CommandContext ctx)
    {
        if (ctx.OptInt("cell", out int cell) < 0) return false;
        if (!ctx.Has("cell")) cell = -1;
        try
        {
            foreach (var (field, value) in await ctx.Conn.GetNodeMemoryStatsAsync(cell).ConfigureAwait(false))
                ctx.Print(string.Format(CultureInfo.InvariantCulture, "{0,-7}: {1,20} KiB\n", field, value));
            return true;
        }
        catch (LibvirtException e)
        {
            ctx.Save(e);
            ctx.Error("Unable to get memory stats");
            return false;
        }
    }

    /// <summary>Runs on the local host (as virt-host-validate does), without a connection; FAIL makes the exit status 1.</summary>
    private static async Task<bool> HostValidate(CommandContext ctx)
    {
        var emulator = new[] { "/usr/bin/qemu-system-x86_64", "/usr/local/bin/qemu-system-x86_64" }.FirstOrDefault(File.Exists) ?? "qemu-system-x86_64";
        var checks = await HostValidator.RunAsync(emulator, HostValidator.ProbeGuest()).ConfigureAwait(false);
        foreach (var c in checks)
            ctx.Print(HostValidator.Format(c) + "\n");
        return checks.All(c => c.Result != "FAIL");
    }

    private static Dictionary<string, ulong> ToMap(IReadOnlyList<(string Field, ulong Value)> list) =>
        list.ToDictionary(p => p.Field, p => p.Value, StringComparer.Ordinal);
}
