using Vireo.Protocol.Errors;
using Vireo.Protocol.Remote;
using Vireo.Protocol.Remote.Messages;

namespace Vireo.Client.Api;

/// <summary>virNodeInfo: the host's CPUs and memory (memory in KiB).</summary>
public sealed record NodeInfo(string Model, ulong Memory, int Cpus, int Mhz, int Nodes, int Sockets, int Cores, int Threads)
{
    /// <summary>VIR_NODEINFO_MAXCPUS: the number of CPU slots the topology describes.</summary>
    public int MaxCpus => Nodes * Sockets * Cores * Threads;
}

/// <summary>virSecurityModel: the host's security driver ("" when none is active).</summary>
public sealed record SecurityModel(string Model, string Doi);

// Connection- and host-level calls: hypervisor identity, capabilities, node information.
public sealed partial class Connection
{
    /// <summary>virConnectGetType: "Test", "QEMU".</summary>
    public async Task<string> GetTypeAsync() =>
        (await CallAsync<ConnectGetTypeRet>(RemoteProcedure.ConnectGetType).ConfigureAwait(false)).Type;

    /// <summary>virConnectGetVersion: hypervisor version (major*1000000 + minor*1000 + release).</summary>
    public async Task<ulong> GetVersionAsync() =>
        (await CallAsync<ConnectGetVersionRet>(RemoteProcedure.ConnectGetVersion).ConfigureAwait(false)).HvVer;

    /// <summary>virConnectGetLibVersion of the daemon.</summary>
    public async Task<ulong> GetLibVersionAsync() =>
        (await CallAsync<ConnectGetVersionRet>(RemoteProcedure.ConnectGetLibVersion).ConfigureAwait(false)).HvVer;

    /// <summary>
    /// virConnectGetURI. libvirt's remote driver answers from the URI the client opened (transport and socket
    /// included), so this needs no round trip.
    /// </summary>
    public Task<string> GetUriAsync() => Task.FromResult(Uri.Original);

    /// <summary>virConnectGetURI as the daemon reports it (CONNECT_GET_URI), e.g. after opening with an empty name.</summary>
    public async Task<string> GetServerUriAsync() =>
        (await CallAsync<StringRet>(RemoteProcedure.ConnectGetUri).ConfigureAwait(false)).Value;

    /// <summary>virConnectGetHostname.</summary>
    public async Task<string> GetHostnameAsync() =>
        (await CallAsync<StringRet>(RemoteProcedure.ConnectGetHostname).ConfigureAwait(false)).Value;

    /// <summary>virConnectGetCapabilities: the capabilities XML.</summary>
    public async Task<string> GetCapabilitiesAsync() =>
        (await CallAsync<StringRet>(RemoteProcedure.ConnectGetCapabilities).ConfigureAwait(false)).Value;

    /// <summary>virConnectGetSysinfo: the host's SMBIOS data as XML.</summary>
    public async Task<string> GetSysinfoAsync(uint flags = 0) =>
        (await CallAsync<FlagsArgs, StringRet>(RemoteProcedure.ConnectGetSysinfo, new(flags)).ConfigureAwait(false)).Value;

    /// <summary>virConnectGetDomainCapabilities (refused on read-only connections, as in libvirt).</summary>
    public async Task<string> GetDomainCapabilitiesAsync(string? emulatorBin, string? arch, string? machine, string? virtType, uint flags = 0) =>
        (await CallAsync<ConnectGetDomainCapabilitiesArgs, StringRet>(RemoteProcedure.ConnectGetDomainCapabilities,
            new(emulatorBin, arch, machine, virtType, flags)).ConfigureAwait(false)).Value;

    /// <summary>virConnectGetMaxVcpus for a hypervisor type (null = default).</summary>
    public async Task<int> GetMaxVcpusAsync(string? type = null) =>
        (await CallAsync<ConnectGetMaxVcpusArgs, IntRet>(RemoteProcedure.ConnectGetMaxVcpus, new(type)).ConfigureAwait(false)).Value;

    /// <summary>virNodeGetInfo.</summary>
    public async Task<NodeInfo> GetNodeInfoAsync()
    {
        var r = await CallAsync<NodeGetInfoRet>(RemoteProcedure.NodeGetInfo).ConfigureAwait(false);
        return new NodeInfo(r.Model, r.Memory, r.Cpus, r.Mhz, r.Nodes, r.Sockets, r.Cores, r.Threads);
    }

    /// <summary>virNodeGetFreeMemory in bytes.</summary>
    public async Task<ulong> GetFreeMemoryAsync() =>
        (await CallAsync<UHyperRet>(RemoteProcedure.NodeGetFreeMemory).ConfigureAwait(false)).Value;

    /// <summary>virNodeGetCPUMap without the maps: the number of host CPUs.</summary>
    public async Task<int> GetCpuCountAsync() =>
        (await CallAsync<NodeGetCpuMapArgs, NodeGetCpuMapRet>(RemoteProcedure.NodeGetCpuMap, new(0, 0, 0)).ConfigureAwait(false)).Ret;

    /// <summary>
    /// The number of host CPUs as virsh determines it: virNodeGetCPUMap, falling back to the node info topology
    /// when the server does not support it.
    /// </summary>
    public async Task<int> GetCpuCountWithFallbackAsync()
    {
        try
        {
            return await GetCpuCountAsync().ConfigureAwait(false);
        }
        catch (LibvirtException)
        {
            return (await GetNodeInfoAsync().ConfigureAwait(false)).MaxCpus;
        }
    }

    /// <summary>virNodeGetSecurityModel.</summary>
    public async Task<SecurityModel> GetSecurityModelAsync()
    {
        var r = await CallAsync<NodeGetSecurityModelRet>(RemoteProcedure.NodeGetSecurityModel).ConfigureAwait(false);
        return new SecurityModel(r.Model, r.Doi);
    }
}
