using Vireo.Protocol.Remote;
using Vireo.Protocol.Remote.Messages;

namespace Vireo.Client.Api;

// Domain configuration changes: memory, vCPUs, pinning.
public sealed partial class Domain
{
    /// <summary>virDomainSetMemory (live balloon target, KiB).</summary>
    public Task SetMemoryAsync(ulong kib) => CallVoidAsync(RemoteProcedure.DomainSetMemory, new DomainSetMemoryArgs(Handle, kib));

    /// <summary>virDomainSetMaxMemory (KiB).</summary>
    public Task SetMaxMemoryAsync(ulong kib) => CallVoidAsync(RemoteProcedure.DomainSetMaxMemory, new DomainSetMemoryArgs(Handle, kib));

    /// <summary>virDomainSetMemoryFlags (KiB); with <see cref="DomainMemoryFlags.Maximum"/> it changes the maximum.</summary>
    public Task SetMemoryFlagsAsync(ulong kib, DomainMemoryFlags flags) =>
        CallVoidAsync(RemoteProcedure.DomainSetMemoryFlags, new DomainSetMemoryFlagsArgs(Handle, kib, (uint)flags));

    /// <summary>virDomainSetVcpus (live).</summary>
    public Task SetVcpusAsync(uint count) => CallVoidAsync(RemoteProcedure.DomainSetVcpus, new DomainSetVcpusArgs(Handle, count));

    /// <summary>virDomainSetVcpusFlags.</summary>
    public Task SetVcpusFlagsAsync(uint count, DomainVcpuFlags flags) =>
        CallVoidAsync(RemoteProcedure.DomainSetVcpusFlags, new DomainSetVcpusFlagsArgs(Handle, count, (uint)flags));

    /// <summary>virDomainPinVcpu: binds a vCPU of a running domain to the host CPUs set in <paramref name="cpuMap"/>.</summary>
    public Task PinVcpuAsync(uint vcpu, byte[] cpuMap) => CallVoidAsync(RemoteProcedure.DomainPinVcpu, new DomainPinVcpuArgs(Handle, vcpu, cpuMap));

    /// <summary>virDomainPinVcpuFlags.</summary>
    public Task PinVcpuFlagsAsync(uint vcpu, byte[] cpuMap, DomainAffect flags) =>
        CallVoidAsync(RemoteProcedure.DomainPinVcpuFlags, new DomainPinVcpuFlagsArgs(Handle, vcpu, cpuMap, (uint)flags));
}
