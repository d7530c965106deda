using System.Threading.Channels;
using Vireo.Client.Api;
using Vireo.Client.Tests.Support;
using Vireo.Protocol.Remote;
using Vireo.Protocol.Remote.Messages;
using Vireo.Protocol.Xdr;

namespace Vireo.Client.Tests.Api;

public class EventTests
{
    private static readonly RemoteNonnullDomain TestDom = FakeDaemon.Dom("test");

    [Fact]
    public async Task LifecycleEventsReachTheCallback()
    {
        await using var d = new FakeDaemon();
        d.On(RemoteProcedure.ConnectDomainEventCallbackRegisterAny, (a, w) =>
        {
            var args = XdrCodec.Decode<ConnectDomainEventCallbackRegisterAnyArgs>(a.Span);
            Assert.Equal(0, args.EventId);
            Assert.Null(args.Dom);
            w.WriteInt(7);
        }).On(RemoteProcedure.ConnectDomainEventCallbackDeregisterAny, (a, _) => Assert.Equal(7, XdrCodec.Decode<IntArgs>(a.Span).Value));
        await using var conn = await Connection.OpenAsync(d.Uri);
        var got = Channel.CreateUnbounded<DomainEvent>();
        int id = await conn.RegisterDomainEventAsync(DomainEventId.Lifecycle, null, e => got.Writer.TryWrite(e));

        await d.SendEventAsync(RemoteProcedure.DomainEventCallbackLifecycle,
            new DomainEventCallbackLifecycleMsg(7, new DomainEventLifecycleMsg(TestDom with { Id = -1 }, 5, 1)));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var evt = Assert.IsType<DomainLifecycleEvent>(await got.Reader.ReadAsync(timeout.Token));
        Assert.Equal("test", evt.Domain.Name);
        Assert.Equal(-1, evt.Domain.Id);
        Assert.Equal(DomainLifecycleEventType.Stopped, evt.Event);
        Assert.Equal(1, evt.Detail);

        await conn.DeregisterDomainEventAsync(id);
        Assert.Contains(317, d.Calls);
    }

    [Fact]
    public async Task OneServerRegistrationServesSeveralCallbacks()
    {
        await using var d = new FakeDaemon();
        int next = 3;
        d.On(RemoteProcedure.ConnectDomainEventCallbackRegisterAny, (_, w) => w.WriteInt(next++))
         .On(RemoteProcedure.ConnectDomainEventCallbackDeregisterAny, (_, _) => { });
        await using var conn = await Connection.OpenAsync(d.Uri);
        var a = Channel.CreateUnbounded<DomainEvent>();
        var b = Channel.CreateUnbounded<DomainEvent>();
        int ia = await conn.RegisterDomainEventAsync(DomainEventId.Reboot, null, e => a.Writer.TryWrite(e));
        int ib = await conn.RegisterDomainEventAsync(DomainEventId.Reboot, null, e => b.Writer.TryWrite(e));
        Assert.Equal(1, d.Calls.Count(c => c == 316));

        await d.SendEventAsync(RemoteProcedure.DomainEventCallbackReboot, new DomainEventCallbackMsg(3, new DomainEventMsg(TestDom)));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        Assert.Equal(DomainEventId.Reboot, (await a.Reader.ReadAsync(timeout.Token)).EventId);
        Assert.Equal(DomainEventId.Reboot, (await b.Reader.ReadAsync(timeout.Token)).EventId);

        await conn.DeregisterDomainEventAsync(ia);
        Assert.DoesNotContain(317, d.Calls);
        await conn.DeregisterDomainEventAsync(ib);
        Assert.Contains(317, d.Calls);
    }

    [Fact]
    public async Task DecodesTheOtherDomainEvents()
    {
        await using var d = new FakeDaemon();
        await using var conn = await Connection.OpenAsync(d.Uri);
        object? Decode(RemoteProcedure p, IXdrEncodable msg) => conn.DecodeEvent(p, XdrCodec.Encode(msg));

        var rtc = Assert.IsType<DomainRtcChangeEvent>(Decode(RemoteProcedure.DomainEventCallbackRtcChange,
            new DomainEventCallbackRtcChangeMsg(1, new DomainEventRtcChangeMsg(TestDom, -3600))));
        Assert.Equal(-3600, rtc.Offset);
        var pm = Assert.IsType<DomainPmEvent>(Decode(RemoteProcedure.DomainEventCallbackPmsuspend,
            new DomainEventCallbackPmMsg(1, 0, new DomainEventMsg(TestDom))));
        Assert.Equal(DomainEventId.PmSuspend, pm.EventId);
        var dev = Assert.IsType<DomainDeviceEvent>(Decode(RemoteProcedure.DomainEventCallbackDeviceAdded,
            new DomainEventCallbackDeviceAddedMsg(1, TestDom, "virtio-disk1")));
        Assert.Equal("virtio-disk1", dev.DeviceAlias);
        var job = Assert.IsType<DomainBlockJobEvent>(Decode(RemoteProcedure.DomainEventBlockJob2,
            new DomainEventBlockJob2Msg(1, TestDom, "vda", 2, 0)));
        Assert.Equal(DomainEventId.BlockJob2, job.EventId);
        var size = Assert.IsType<DomainMemoryDeviceSizeChangeEvent>(Decode(RemoteProcedure.DomainEventMemoryDeviceSizeChange,
            new DomainEventMemoryDeviceSizeChangeMsg(1, TestDom, "virtiomem0", 1024)));
        Assert.Equal(1024UL, size.Size);
        var net = Assert.IsType<NetworkLifecycleEvent>(Decode(RemoteProcedure.NetworkEventLifecycle,
            new NetworkEventLifecycleMsg(1, new RemoteNonnullNetwork("default", Guid.NewGuid()), 3, 0)));
        Assert.Equal("default", net.Network.Name);
        Assert.Null(Decode((RemoteProcedure)9999, new IntArgs(1)));
    }
}
