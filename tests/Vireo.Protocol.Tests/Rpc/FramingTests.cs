using Vireo.Protocol.Rpc;
using Vireo.Protocol.Xdr;

namespace Vireo.Protocol.Tests.Rpc;

public class FramingTests
{
    [Fact]
    public void ConnectOpenCallMatchesTheObservedBytes()
    {
        // rpc-notes §1.2: CONNECT_OPEN from virsh, serial 2, name "test:///default", flags 0.
        var header = new MessageHeader(ProgramIds.Remote, 1, 1, MessageType.Call, 2, MessageStatus.Ok);
        var bytes = Packet.Encode(header, w => { w.WriteOptionalString("test:///default"); w.WriteUInt(0); });
        Assert.Equal(
            "00000038200080860000000100000001000000000000000200000000" + "000000010000000f746573743a2f2f2f64656661756c7400" + "00000000",
            Convert.ToHexString(bytes).ToLowerInvariant());
        var parsed = Packet.Parse(bytes);
        Assert.Equal(header, parsed.Header);
        Assert.Equal(bytes, parsed.ToBytes());
    }

    [Fact]
    public async Task ReaderReturnsPacketsThenNullAtCleanEnd()
    {
        var a = Packet.Encode(new MessageHeader(ProgramIds.Keepalive, 1, 1, MessageType.Message, 0, MessageStatus.Ok), null);
        var reader = new FrameReader(new MemoryStream([.. a, .. a]));
        Assert.NotNull(await reader.ReadAsync());
        Assert.NotNull(await reader.ReadAsync());
        Assert.Null(await reader.ReadAsync());
    }

    [Theory]
    [InlineData(0u)]
    [InlineData(27u)]
    [InlineData(33554437u)]
    [InlineData(0xffffffffu)]
    public async Task ImpossibleLengthWordsAreRejected(uint length)
    {
        var bytes = new byte[32];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(bytes, length);
        await Assert.ThrowsAsync<XdrException>(async () => await new FrameReader(new MemoryStream(bytes)).ReadAsync());
    }

    [Fact]
    public async Task PacketCutInTheMiddleIsAnError()
    {
        var a = Packet.Encode(new MessageHeader(ProgramIds.Remote, 1, 3, MessageType.Call, 0, MessageStatus.Ok), w => w.WriteInt(5));
        await Assert.ThrowsAsync<EndOfStreamException>(async () => await new FrameReader(new MemoryStream(a[..^2])).ReadAsync());
    }
}
