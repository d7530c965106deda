using System.IO.Pipelines;
using Vireo.Protocol.Rpc;

namespace Vireo.Protocol.Tests.Rpc;

/// <summary>The reader's defences: a packet that stops arriving times out; a big packet in small pieces is read whole.</summary>
public class FrameReaderLimitsTests
{
    [Fact]
    public async Task APacketThatStopsArrivingTimesOut()
    {
        var pipe = new Pipe();
        var packet = Packet.Encode(new MessageHeader(ProgramIds.Remote, 1, 3, MessageType.Call, 0, MessageStatus.Ok), w => w.WriteInt(5));
        await pipe.Writer.WriteAsync(packet.AsMemory(0, 10)); // length word and a little more, then nothing
        var reader = new FrameReader(pipe.Reader.AsStream(), TimeSpan.FromMilliseconds(200));
        var e = await Assert.ThrowsAsync<PacketTimeoutException>(async () => await reader.ReadAsync());
        Assert.Contains("not received whole", e.Message);
    }

    [Fact]
    public async Task ABigPacketInSmallPiecesIsReadWholeAcrossBufferGrowth()
    {
        var payload = Enumerable.Range(0, 300_000).Select(i => (byte)i).ToArray();
        var packet = Packet.Encode(new MessageHeader(ProgramIds.Remote, 1, 3, MessageType.Call, 9, MessageStatus.Ok), w => w.WriteOpaque(payload));
        var pipe = new Pipe();
        var writer = Task.Run(async () =>
        {
            for (int i = 0; i < packet.Length; i += 4096)
                await pipe.Writer.WriteAsync(packet.AsMemory(i, Math.Min(4096, packet.Length - i)));
            await pipe.Writer.CompleteAsync();
        });
        var reader = new FrameReader(pipe.Reader.AsStream(), TimeSpan.FromSeconds(30));
        var read = await reader.ReadAsync();
        await writer;
        Assert.NotNull(read);
        Assert.Equal(9u, read.Header.Serial);
        Assert.Equal(packet, read.ToBytes());
        Assert.Null(await reader.ReadAsync());
    }
}
