using Vireo.Client.Api;
using Vireo.Shell.Commands;

namespace Vireo.Shell.Tests.Commands;

/// <summary>The event lines of "virsh event" (virsh-domain-event.c), from a detached domain handle.</summary>
public class EventTextTests
{
    private static readonly Domain Dom = DomainFactory.Detached("test");

    [Theory]
    [InlineData(DomainLifecycleEventType.Started, 0, "event 'lifecycle' for domain 'test': Started Booted\n")]
    [InlineData(DomainLifecycleEventType.Stopped, 1, "event 'lifecycle' for domain 'test': Stopped Destroyed\n")]
    [InlineData(DomainLifecycleEventType.Suspended, 0, "event 'lifecycle' for domain 'test': Suspended Paused\n")]
    [InlineData(DomainLifecycleEventType.Defined, 1, "event 'lifecycle' for domain 'test': Defined Updated\n")]
    [InlineData(DomainLifecycleEventType.Undefined, 0, "event 'lifecycle' for domain 'test': Undefined Removed\n")]
    [InlineData(DomainLifecycleEventType.Shutdown, 1, "event 'lifecycle' for domain 'test': Shutdown Finished after guest request\n")]
    [InlineData((DomainLifecycleEventType)42, 0, "event 'lifecycle' for domain 'test': unknown unknown\n")]
    public void Lifecycle(DomainLifecycleEventType type, int detail, string text) =>
        Assert.Equal(text, EventCommand.Describe(new DomainLifecycleEvent(Dom, type, detail)));

    [Fact]
    public void Others()
    {
        Assert.Equal("event 'reboot' for domain 'test'\n", EventCommand.Describe(new DomainSimpleEvent(Dom, DomainEventId.Reboot)));
        Assert.Equal("event 'rtc-change' for domain 'test': -7200\n", EventCommand.Describe(new DomainRtcChangeEvent(Dom, -7200)));
        Assert.Equal("event 'balloon-change' for domain 'test': 524288KiB\n", EventCommand.Describe(new DomainBalloonChangeEvent(Dom, 524288)));
        Assert.Equal("event 'device-added' for domain 'test': virtio-disk1\n",
            EventCommand.Describe(new DomainDeviceEvent(Dom, DomainEventId.DeviceAdded, "virtio-disk1")));
        Assert.Equal("event 'block-job-2' for domain 'test': Block Copy for vda ready\n",
            EventCommand.Describe(new DomainBlockJobEvent(Dom, DomainEventId.BlockJob2, "vda", 2, 3)));
        Assert.Equal("event 'pm-suspend' for domain 'test'\n", EventCommand.Describe(new DomainPmEvent(Dom, DomainEventId.PmSuspend, 0)));
        Assert.Equal("event 'tray-change' for domain 'test' disk ide0-1-0: opened\n",
            EventCommand.Describe(new DomainTrayChangeEvent(Dom, "ide0-1-0", 0)));
        Assert.Equal("event 'disk-change' for domain 'test' disk cd: (null) -> /a.iso: changed\n",
            EventCommand.Describe(new DomainDiskChangeEvent(Dom, null, "/a.iso", "cd", 0)));
    }

    [Fact]
    public void TimestampIsUtcWithMilliseconds() =>
        Assert.Equal("2024-01-02 03:04:05.678+0000", EventCommand.Timestamp(new DateTimeOffset(2024, 1, 2, 3, 4, 5, 678, TimeSpan.Zero)));

    [Fact]
    public void EventListHasVirshsNames()
    {
        Assert.Equal(27, EventCommand.EventNames.Length);
        Assert.Equal("memory-device-size-change", EventCommand.EventNames[(int)DomainEventId.MemoryDeviceSizeChange]);
    }
}
