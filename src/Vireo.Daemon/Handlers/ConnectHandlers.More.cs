using Vireo.Daemon.Dispatch;
using Vireo.Protocol.Remote;
using Vireo.Protocol.Remote.Messages;

namespace Vireo.Daemon.Handlers;

public static partial class ConnectHandlers
{
    static partial void RegisterMore(ProcedureRegistry r)
    {
        r.AddNoArgs(RemoteProcedure.ConnectGetHostname, ctx => Task.FromResult(new StringRet(ctx.Driver.Host.Hostname)));
        r.AddNoArgs(RemoteProcedure.ConnectGetUri, ctx => Task.FromResult(new StringRet(ctx.Driver.Host.Uri)));
        r.AddNoArgs(RemoteProcedure.ConnectGetCapabilities, async ctx => new StringRet(await ctx.Driver.Host.GetCapabilitiesAsync().ConfigureAwait(false)));
        r.Add<FlagsArgs, StringRet>(RemoteProcedure.ConnectGetSysinfo, async (ctx, a) => new StringRet(await ctx.Driver.Host.GetSysinfoAsync(a.Flags).ConfigureAwait(false)));
        r.Add<ConnectGetMaxVcpusArgs, IntRet>(RemoteProcedure.ConnectGetMaxVcpus, async (ctx, a) => new IntRet(await ctx.Driver.Host.GetMaxVcpusAsync(a.Type).ConfigureAwait(false)));
        r.AddNoArgs(RemoteProcedure.ConnectIsSecure, ctx => Task.FromResult(new IntRet(ctx.Session.Identity.Transport == "unix" ? 1 : 0)));
        r.AddNoArgs(RemoteProcedure.NodeGetSecurityModel, ctx =>
        {
            var (model, doi) = ctx.Driver.Host.SecurityModel;
            return Task.FromResult(new NodeGetSecurityModelRet(model, doi));
        });
        r.Add<NodeGetCpuMapArgs, NodeGetCpuMapRet>(RemoteProcedure.NodeGetCpuMap, async (ctx, a) =>
        {
            var cpus = await ctx.Driver.Host.GetCpuMapAsync().ConfigureAwait(false);
            byte[] map = a.NeedMap != 0 ? Handles.PackCpuMap(cpus, (cpus.Length + 7) / 8) : [];
            uint online = a.NeedOnline != 0 ? (uint)cpus.Count(c => c) : 0;
            return new NodeGetCpuMapRet(map, online, cpus.Length);
        });
        r.Add<ConnectGetDomainCapabilitiesArgs, StringRet>(RemoteProcedure.ConnectGetDomainCapabilities, async (ctx, a) =>
            new StringRet(await ctx.Driver.Host.GetDomainCapabilitiesAsync(a.Emulatorbin, a.Arch, a.Machine, a.Virttype, a.Flags).ConfigureAwait(false)));
    }
}
