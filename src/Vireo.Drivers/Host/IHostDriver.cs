using Vireo.Protocol.Errors;

namespace Vireo.Drivers.Host;

/// <summary>Connection- and node-level facts of a hypervisor driver (what virsh version/nodeinfo/capabilities show).</summary>
public interface IHostDriver
{
    /// <summary>virConnectGetType: "TEST" (as libvirt's test driver says), "QEMU".</summary>
    string HypervisorType { get; }
    /// <summary>Hypervisor version as major*1000000+minor*1000+release.</summary>
    ulong HypervisorVersion { get; }
    /// <summary>The canonical URI of this connection (virConnectGetURI).</summary>
    string Uri { get; }
    string Hostname { get; }
    Task<NodeInfo> GetNodeInfoAsync();
    Task<string> GetCapabilitiesAsync();
    Task<string> GetSysinfoAsync(uint flags) => throw LibvirtException.NoSupport("virConnectGetSysinfo");
    Task<int> GetMaxVcpusAsync(string? type);
    /// <summary>Online map of the host's CPUs (virNodeGetCPUMap).</summary>
    Task<bool[]> GetCpuMapAsync();
    Task<string> GetDomainCapabilitiesAsync(string? emulator, string? arch, string? machine, string? virttype, uint flags) =>
        throw LibvirtException.NoSupport("virConnectGetDomainCapabilities");
    /// <summary>Security model (model, doi); empty model = none, so clients skip label queries.</summary>
    (string Model, string Doi) SecurityModel => ("", "");
    /// <summary>virConnectSupportsFeature for driver-specific features (migration etc.).</summary>
    bool SupportsFeature(int feature) => false;
    /// <summary>virNodeGetCPUStats: (field, ns) pairs for one CPU, or all when <paramref name="cpuNum"/> is -1.</summary>
    Task<IReadOnlyList<(string Field, ulong Value)>> GetCpuStatsAsync(int cpuNum, uint flags) => throw LibvirtException.NoSupport("virNodeGetCPUStats");
    /// <summary>virNodeGetMemoryStats: (field, KiB) pairs for the host, or one NUMA cell.</summary>
    Task<IReadOnlyList<(string Field, ulong Value)>> GetMemoryStatsAsync(int cellNum, uint flags) => throw LibvirtException.NoSupport("virNodeGetMemoryStats");
}
