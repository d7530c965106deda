using Vireo.Protocol.Remote;
using Vireo.Protocol.Remote.Messages;

namespace Vireo.Client.Api;

public sealed partial class Domain
{
    /// <summary>virDomainSetMemoryStatsPeriod: the balloon statistics period in seconds (0 turns collection off).</summary>
    public Task SetMemoryStatsPeriodAsync(int period, DomainAffect flags) =>
        CallVoidAsync(RemoteProcedure.DomainSetMemoryStatsPeriod, new DomainSetMemoryStatsPeriodArgs(Handle, period, (uint)flags));
}
