using Vireo.Protocol.Xdr;

namespace Vireo.Protocol.Tests.Xdr;

public class XdrCodecTests
{
    private static string Hex(XdrWriter w) => Convert.ToHexString(w.WrittenSpan).ToLowerInvariant();

    [Fact]
    public void StringIsLengthBytesAndZeroPadding()
    {
        var w = new XdrWriter();
        w.WriteString("test:///default");
        Assert.Equal("0000000f746573743a2f2f2f64656661756c7400", Hex(w));
    }

    [Fact]
    public void OptionalStringDistinguishesNullFromEmpty()
    {
        var w = new XdrWriter();
        w.WriteOptionalString(null);
        w.WriteOptionalString("");
        Assert.Equal("000000000000000100000000", Hex(w));
        var r = new XdrReader(w.WrittenSpan);
        Assert.Null(r.ReadOptionalString());
        Assert.Equal("", r.ReadOptionalString());
        r.EnsureEnd();
    }

    [Fact]
    public void CharArrayWidensEveryCharToFourBytes()
    {
        var w = new XdrWriter();
        w.WriteCharArray("none\0"u8);
        Assert.Equal("00000005" + "0000006e0000006f0000006e0000006500000000", Hex(w));
        var r = new XdrReader(w.WrittenSpan);
        Assert.Equal("none\0"u8.ToArray(), r.ReadCharArray(257));
    }

    [Fact]
    public void SignedCharIsSignExtended()
    {
        var w = new XdrWriter();
        w.WriteFixedCharArray([0xff]);
        Assert.Equal("ffffffff", Hex(w));
    }

    [Fact]
    public void UuidIsSixteenRawBytesInRfcOrder()
    {
        var uuid = Guid.Parse("6695eb01-f6a4-8304-79aa-97f2502e193f");
        var w = new XdrWriter();
        w.WriteUuid(uuid);
        Assert.Equal("6695eb01f6a4830479aa97f2502e193f", Hex(w));
        var r = new XdrReader(w.WrittenSpan);
        Assert.Equal(uuid, r.ReadUuid());
    }

    [Fact]
    public void IntegersAreBigEndian()
    {
        var w = new XdrWriter();
        w.WriteInt(-1);
        w.WriteUHyper(0x001fffffffffffff);
        w.WriteDouble(1.5);
        Assert.Equal("ffffffff001fffffffffffff3ff8000000000000", Hex(w));
        var r = new XdrReader(w.WrittenSpan);
        Assert.Equal(-1, r.ReadInt());
        Assert.Equal(0x001fffffffffffffUL, r.ReadUHyper());
        Assert.Equal(1.5, r.ReadDouble());
    }

    [Fact]
    public void TruncatedDataIsRejected()
    {
        var ex = Assert.Throws<XdrException>(() => { var r = new XdrReader([0, 0, 0, 9, 0x61]); r.ReadString(); });
        Assert.Contains("truncated", ex.Message);
    }

    [Fact]
    public void OversizedStringIsRejectedBeforeReading()
    {
        Assert.Throws<XdrException>(() => { var r = new XdrReader([0, 0, 0, 9, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 0, 0]); r.ReadString(max: 4); });
    }

    [Fact]
    public void ArrayCountAboveLimitOrAboveDataIsRejected()
    {
        Assert.Throws<XdrException>(() => { var r = new XdrReader([0, 0, 0x40, 1]); r.ReadCount(16384); });
        Assert.Throws<XdrException>(() => { var r = new XdrReader([0, 0, 0, 3, 0, 0, 0, 1]); r.ReadCount(16384); });
    }

    [Fact]
    public void BadPresenceFlagAndBoolAreRejected()
    {
        Assert.Throws<XdrException>(() => { var r = new XdrReader([0, 0, 0, 2]); r.ReadPresence(); });
        Assert.Throws<XdrException>(() => { var r = new XdrReader([0, 0, 0, 7]); r.ReadBool(); });
    }

    [Fact]
    public void TrailingBytesAreRejected()
    {
        Assert.Throws<XdrException>(() => XdrCodec.Decode<XdrVoid>([0, 0, 0, 0]));
    }
}
