using System.Text;
using Vireo.Client.Api;
using Vireo.Protocol.Errors;
using Vireo.Shell.Output;
using Vireo.Shell.Output.Json;
using Vireo.Shell.Runtime;

namespace Vireo.Shell.Commands;

/// <summary>version, nodeinfo, uri, hostname, sysinfo, capabilities, domcapabilities (virsh-host.c).</summary>
public static class HostCommands
{
    /// <summary>The libvirt API version vsh implements (LIBVIR_VERSION_NUMBER of the virsh it mirrors).</summary>
    public const ulong ApiVersion = 9_000_000;

    public static void Register(Dictionary<string, CommandHandler> map)
    {
        map["version"] = Version;
        map["nodeinfo"] = NodeInfo;
        map["uri"] = Uri;
        map["hostname"] = Hostname;
        map["sysinfo"] = Sysinfo;
        map["capabilities"] = Capabilities;
        map["domcapabilities"] = DomCapabilities;
    }

    /// <summary>"major.minor.release" of a libvirt version number.</summary>
    public static string VersionText(ulong v) => $"{v / 1000000}.{v % 1000000 / 1000}.{v % 1000}";

    /// <summary>Calls <paramref name="call"/>; on failure saves the error and prints "error: <paramref name="failure"/>".</summary>
    private static async Task<T?> Get<T>(CommandContext ctx, Func<Task<T>> call, string failure) where T : class
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (LibvirtException e)
        {
            ctx.Save(e);
            ctx.Error(failure);
            return null;
        }
    }

    private static async Task<bool> Version(CommandContext ctx)
    {
        var type = await Get(ctx, ctx.Conn.GetTypeAsync, "failed to get hypervisor type").ConfigureAwait(false);
        if (type is null) return false;
        var sb = new StringBuilder();
        string lib = VersionText(ApiVersion);
        sb.Append($"Compiled against library: libvirt {lib}\n");
        sb.Append($"Using library: libvirt {lib}\n");
        sb.Append($"Using API: {type} {lib}\n");
        ulong hv;
        try
        {
            hv = await ctx.Conn.GetVersionAsync().ConfigureAwait(false);
        }
        catch (LibvirtException e)
        {
            ctx.Print(sb.ToString());
            ctx.Save(e);
            ctx.Error("failed to get the hypervisor version");
            return false;
        }
        string? running = hv == 0 ? null : VersionText(hv);
        sb.Append(hv == 0 ? $"Cannot extract running {type} hypervisor version\n" : $"Running hypervisor: {type} {running}\n");
        string? daemon = null;
        if (ctx.Has("daemon"))
        {
            try
            {
                daemon = VersionText(await ctx.Conn.GetLibVersionAsync().ConfigureAwait(false));
                sb.Append($"Running against daemon: {daemon}\n");
            }
            catch (LibvirtException e)
            {
                ctx.Print(sb.ToString());
                sb.Clear();
                ctx.Save(e);
                ctx.Error("failed to get the daemon version");
            }
        }
        if (ctx.Json) ctx.PrintJson(new VersionJson(lib, lib, type, lib, running, daemon), VshJson.Output.VersionJson);
        else ctx.Print(sb.ToString());
        return true;
    }

    private static async Task<bool> NodeInfo(CommandContext ctx)
    {
        var info = await Get(ctx, ctx.Conn.GetNodeInfoAsync, "failed to get node information").ConfigureAwait(false);
        if (info is null) return false;
        if (ctx.Json)
        {
            ctx.PrintJson(new NodeInfoJson(info.Model, info.Cpus, info.Mhz, info.Sockets, info.Cores, info.Threads, info.Nodes, info.Memory),
                VshJson.Output.NodeInfoJson);
            return true;
        }
        var sb = new StringBuilder();
        void L(string k, string v) => sb.Append(Fmt.Left(k, 20)).Append(' ').Append(v).Append('\n');
        L("CPU model:", info.Model);
        L("CPU(s):", Fmt.Num(info.Cpus));
        if (info.Mhz != 0) L("CPU frequency:", Fmt.Num(info.Mhz) + " MHz");
        L("CPU socket(s):", Fmt.Num(info.Sockets));
        L("Core(s) per socket:", Fmt.Num(info.Cores));
        L("Thread(s) per core:", Fmt.Num(info.Threads));
        L("NUMA cell(s):", Fmt.Num(info.Nodes));
        L("Memory size:", Fmt.Num(info.Memory) + " KiB");
        ctx.Print(sb.ToString());
        return true;
    }

    private static async Task<bool> Uri(CommandContext ctx)
    {
        var uri = await Get(ctx, ctx.Conn.GetUriAsync, "failed to get URI").ConfigureAwait(false);
        if (uri is null) return false;
        if (ctx.Json) ctx.PrintJson(new UriJson(uri), VshJson.Output.UriJson);
        else ctx.Print(uri + "\n");
        return true;
    }

    private static async Task<bool> Hostname(CommandContext ctx)
    {
        var name = await Get(ctx, ctx.Conn.GetHostnameAsync, "failed to get hostname").ConfigureAwait(false);
        if (name is null) return false;
        if (ctx.Json) ctx.PrintJson(new HostnameJson(name), VshJson.Output.HostnameJson);
        else ctx.Print(name + "\n");
        return true;
    }

    private static async Task<bool> Sysinfo(CommandContext ctx)
    {
        var xml = await Get(ctx, () => ctx.Conn.GetSysinfoAsync(), "failed to get sysinfo").ConfigureAwait(false);
        if (xml is null) return false;
        ctx.Print(xml);
        return true;
    }

    private static async Task<bool> Capabilities(CommandContext ctx)
    {
        var xml = await Get(ctx, ctx.Conn.GetCapabilitiesAsync, "failed to get capabilities").ConfigureAwait(false);
        if (xml is null) return false;
        ctx.Print(xml + "\n");
        return true;
    }

    private static async Task<bool> DomCapabilities(CommandContext ctx)
    {
        if (!ctx.TryString("virttype", out var virttype) || !ctx.TryString("emulatorbin", out var emulator)
            || !ctx.TryString("arch", out var arch) || !ctx.TryString("machine", out var machine))
            return false;
        var xml = await Get(ctx, () => ctx.Conn.GetDomainCapabilitiesAsync(emulator, arch, machine, virttype),
            "failed to get emulator capabilities").ConfigureAwait(false);
        if (xml is null) return false;
        ctx.Print(xml + "\n");
        return true;
    }
}
