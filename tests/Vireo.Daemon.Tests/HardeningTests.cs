using System.Buffers.Binary;
using Vireo.Protocol.Remote;
using Vireo.Protocol.Remote.Messages;
using Vireo.Protocol.Rpc;
using Vireo.Protocol.Xdr;

namespace Vireo.Daemon.Tests;

/// <summary>
/// The daemon's limits (max_clients, max_client_requests, the 32 MiB packet cap): exceeding one refuses or
/// throttles only the offender, cleanly, and a well-behaved client is still served.
/// </summary>
public sealed class HardeningTests
{
    private static async Task AssertServes(InProcessDaemon d)
    {
        using var c = new RawClient(d.Paths.RwSocket);
        await c.OpenAsync();
        var reply = await c.CallAsync(RemoteProcedure.ConnectListAllDomains, new ConnectListAllArgs(1, 0).Encode);
        Assert.Contains(XdrCodec.Decode<ConnectListAllDomainsRet>(reply.Payload.Span).Domains, x => x.Name == "test");
    }

    [Fact]
    public async Task ConnectionsBeyondMaxClientsAreClosedAndOthersKeepWorking()
    {
        using var d = new InProcessDaemon(c => c.MaxClients = 3);
        var held = new List<RawClient>();
        for (int i = 0; i < 3; i++)
        {
            var c = new RawClient(d.Paths.RwSocket);
            await c.OpenAsync(); // served: the session is counted once its first reply came
            held.Add(c);
        }
        using (var extra = new RawClient(d.Paths.RwSocket))
        {
            // refused: closed without a reply (the write itself may already find the connection closed)
            try { extra.Send(ProgramIds.Remote, (int)RemoteProcedure.AuthList, MessageType.Call, null); }
            catch (IOException) { }
            Assert.Null(await extra.ReadAsync());
        }
        // the held clients still work
        Assert.Equal(MessageStatus.Ok, (await held[0].CallAsync(RemoteProcedure.ConnectGetType)).Header.Status);
        held[2].Dispose();
        held.RemoveAt(2);
        // a slot is free again once the daemon noticed the close; poll until a new client is served
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            try
            {
                await AssertServes(d);
                break;
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(20); // poll: the daemon frees the slot asynchronously, retry until the deadline
            }
        }
        foreach (var c in held) c.Dispose();
    }

    [Fact]
    public async Task PipelinedCallsBeyondMaxClientRequestsWaitTheirTurnAndAllAreAnswered()
    {
        using var d = new InProcessDaemon(c => c.MaxClientRequests = 2);
        using var greedy = new RawClient(d.Paths.RwSocket);
        await greedy.OpenAsync();
        const int n = 200;
        var bytes = new List<byte>();
        for (uint s = 1000; s < 1000 + n; s++)
            bytes.AddRange(Packet.Encode(new MessageHeader(ProgramIds.Remote, 1, (int)RemoteProcedure.DomainLookupByName, MessageType.Call, s, MessageStatus.Ok),
                new DomainLookupByNameArgs("test").Encode));
        greedy.SendRaw(bytes.ToArray()); // 200 calls in one write, 2 may run at once
        await AssertServes(d); // another client is served meanwhile
        var serials = new HashSet<uint>();
        while (serials.Count < n)
        {
            var p = await greedy.ReadAsync() ?? throw new EndOfStreamException("daemon closed the pipelining client");
            Assert.Equal(MessageStatus.Ok, p.Header.Status);
            serials.Add(p.Header.Serial);
        }
        Assert.Equal(Enumerable.Range(1000, n).Select(i => (uint)i), serials.Order());
    }

    [Fact]
    public async Task PacketOneByteOverTheCapClosesOnlyThatClient()
    {
        using var d = new InProcessDaemon();
        using var big = new RawClient(d.Paths.RwSocket);
        await big.OpenAsync();
        var header = new byte[28];
        // the length word counts itself: libvirt allows 4 + VIR_NET_MESSAGE_MAX (32 MiB) bytes
        BinaryPrimitives.WriteUInt32BigEndian(header, (uint)XdrLimits.MessageMax + 5);
        big.SendRaw(header);
        Assert.Null(await big.ReadAsync());
        await AssertServes(d);
    }

    [Fact]
    public async Task PacketOfExactlyTheCapIsReadAndAnsweredWithAnError()
    {
        using var d = new InProcessDaemon();
        using var big = new RawClient(d.Paths.RwSocket);
        await big.OpenAsync();
        // A LOOKUP_BY_NAME whose name fills the packet to the cap: read whole, answered (the name is over XDR's
        // 4 MiB string limit: a decode error), and the connection is kept.
        var packet = new byte[XdrLimits.MessageMax + 4];
        var words = new uint[] { (uint)packet.Length, ProgramIds.Remote, 1, (uint)RemoteProcedure.DomainLookupByName, (uint)MessageType.Call, 77, (uint)MessageStatus.Ok, (uint)(packet.Length - 32) };
        for (int i = 0; i < words.Length; i++) BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(i * 4), words[i]);
        packet.AsSpan(32).Fill((byte)'x');
        big.SendRaw(packet);
        var reply = await big.ReadAsync();
        Assert.NotNull(reply);
        Assert.Equal(MessageStatus.Error, reply.Header.Status);
        await AssertServes(d);
    }
}
