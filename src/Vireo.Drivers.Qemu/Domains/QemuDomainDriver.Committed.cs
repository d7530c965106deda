using Vireo.Drivers.Qemu.Host;

namespace Vireo.Drivers.Qemu.Domains;

public sealed partial class QemuDomainDriver
{
    /// <summary>
    /// What running guests have committed (their memory size, whatever the balloon holds back, and current vCPUs) against the host's RAM, swap and CPUs:
    /// capabilities' &lt;committed&gt; and the overcommit check at start use the same sums.
    /// </summary>
    public CommittedResources Committed()
    {
        int count;
        ulong mem;
        uint cpus;
        lock (_lock)
        {
            var live = _domains.Where(x => x.Live is not null).Select(x => x.Live!).ToList();
            count = live.Count;
            mem = (ulong)live.Sum(l => (decimal)l.MemoryKiB);
            cpus = (uint)live.Sum(l => l.VcpusCurrent ?? l.Vcpus);
        }
        var (ram, swap) = Overcommit.HostMemory();
        return new CommittedResources(count, mem, cpus, ram, swap, Environment.ProcessorCount);
    }
}
