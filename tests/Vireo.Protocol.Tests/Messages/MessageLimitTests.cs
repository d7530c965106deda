using Vireo.Protocol.Remote;
using Vireo.Protocol.Remote.Messages;
using Vireo.Protocol.Xdr;
using static Vireo.Protocol.Tests.Messages.Kit;

namespace Vireo.Protocol.Tests.Messages;

/// <summary>Array counts above libvirt's *_MAX limits are refused when decoding (before allocating) and when encoding.</summary>
public class MessageLimitTests
{
    private static string U32(long v) => ((uint)v).ToString("x8");

    /// <summary>Decoding <paramref name="prefixHex"/> + count (max+1) must fail on the limit (checked before the data).</summary>
    private static void RejectsCount<T>(string prefixHex, int max) where T : IXdrMessage<T>
    {
        var payload = Bytes(prefixHex + U32(max + 1L) + new string('0', 128));
        var ex = Assert.Throws<XdrException>(() => XdrCodec.Decode<T>(payload));
        Assert.Contains("limit", ex.Message);
    }

    /// <summary>A count exactly at the limit is not refused for being too large (it then fails only if data is missing).</summary>
    private static void AcceptsCountAtLimit<T>(string prefixHex, int max) where T : IXdrMessage<T>
    {
        var head = Bytes(prefixHex + U32(max));
        var ex = Record.Exception(() => XdrCodec.Decode<T>(head));
        if (ex is not null) Assert.DoesNotContain("limit", ex.Message);
    }

    private const string Dom = TestDomHex + "00000001";
    private const string Net = "00000007 64656661756c7400 dd8fe8846c02601e7551cca97df1c5df";

    [Fact]
    public void ListCountsAreBounded()
    {
        RejectsCount<ConnectListAllDomainsRet>("", 16384);
        RejectsCount<ConnectListAllNetworksRet>("", 16384);
        RejectsCount<ConnectListAllStoragePoolsRet>("", 16384);
        RejectsCount<StoragePoolListAllVolumesRet>("", 16384);
        RejectsCount<ConnectListAllNodeDevicesRet>("", 65536);
        RejectsCount<NameListRet>("", 16384);
        RejectsCount<ConnectListDomainsRet>("", 16384);
        RejectsCount<DomainListAllSnapshotsRet>("", 16384);
        RejectsCount<DomainGetMessagesRet>("", 2048);
        RejectsCount<NetworkGetDhcpLeasesRet>("", 65536);
        RejectsCount<ConnectGetAllDomainStatsArgs>("", 16384);
        RejectsCount<ConnectGetAllDomainStatsRet>("", 16384);
        RejectsCount<NodeGetCellsFreeMemoryRet>("", 1024);
        AcceptsCountAtLimit<ConnectListAllDomainsRet>("", 16384);
    }

    [Fact]
    public void TypedParameterCountsAreBounded()
    {
        RejectsCount<DomainGetParametersRet>("", 16);
        AcceptsCountAtLimit<DomainGetParametersRet>("", 16);
        RejectsCount<DomainGetSchedulerParametersRet>("", 16);
        RejectsCount<DomainSetParametersArgs>(Dom, 16);
        RejectsCount<DomainSetSchedulerParametersArgs>(Dom, 16);
        RejectsCount<DomainGetJobStatsRet>("00000000", 64);
        RejectsCount<DomainStatsRecord>(Dom, 262144);
        RejectsCount<ConnectGetAllDomainStatsRet>("00000001" + Dom, 262144);
        RejectsCount<DomainEventCallbackTunableMsg>("00000000" + Dom, 2048);
        RejectsCount<DomainEventCallbackJobCompletedMsg>("00000000" + Dom, 64);
    }

    [Fact]
    public void NestedArraysAreBounded()
    {
        RejectsCount<DomainInterfaceAddressesRet>("", 2048);
        RejectsCount<DomainInterfaceAddressesRet>("00000001 00000002 6c6f0000 00000000", 2048); // iface "lo", no hwaddr, addrs
        RejectsCount<DomainGetVcpusRet>("", 16384);
        RejectsCount<DomainEventGraphicsMsg>(Dom + "00000000" + "00000000 00000000 00000000" + "00000000 00000000 00000000" + "00000000", 20);
    }

    [Fact]
    public void OpaqueAndCharArraysAreBounded()
    {
        RejectsCount<NodeGetCpuMapRet>("", 2048);
        RejectsCount<DomainPinVcpuArgs>(Dom + "00000000", 2048);
        RejectsCount<DomainGetVcpuPinInfoRet>("", 8388608);
        RejectsCount<DomainGetVcpusRet>("00000000", 8388608);
        RejectsCount<NodeGetSecurityModelRet>("", 257);
        RejectsCount<NodeGetSecurityModelRet>("00000001 00000000", 257);
        RejectsCount<DomainGetSecurityLabelRet>("", 4097);
        AcceptsCountAtLimit<DomainGetSecurityLabelRet>("", 4097);
    }

    [Fact]
    public void HugeCountsFailBeforeAllocating()
    {
        // count 0xffffffff with almost no data: refused, never an OutOfMemory / overflow.
        Assert.Throws<XdrException>(() => XdrCodec.Decode<ConnectGetAllDomainStatsRet>(Bytes("ffffffff")));
        Assert.Throws<XdrException>(() => XdrCodec.Decode<DomainStatsRecord>(Bytes(Dom + "0003ffff")));
        Assert.Throws<XdrException>(() => XdrCodec.Decode<NetworkGetDhcpLeasesRet>(Bytes("0000ffff 00000000")));
    }

    [Fact]
    public void MalformedOptionalFlagsAndUnionTagsAreRejected()
    {
        Assert.Throws<XdrException>(() => XdrCodec.Decode<ConnectDomainEventCallbackRegisterAnyArgs>(Bytes("00000000 00000002")));
        Assert.Throws<XdrException>(() => XdrCodec.Decode<DomainScreenshotRet>(Bytes("00000002")));
        Assert.Throws<XdrException>(() => XdrCodec.Decode<DomainGetParametersRet>(Bytes("00000001 00000001 61000000 00000008 00000000 00000000")));
    }

    [Fact]
    public void EncodingAboveALimitThrows()
    {
        var tooMany = Enumerable.Range(0, 17).Select(i => TypedParameter.Int($"p{i}", i)).ToArray();
        Assert.Throws<XdrException>(() => Encode(new DomainGetParametersRet(tooMany, 0)));
        Assert.Throws<XdrException>(() => Encode(new DomainSetParametersArgs(TestDom, tooMany, 0)));
        Assert.Throws<XdrException>(() => Encode(new NodeGetCpuMapRet(new byte[2049], 0, 0)));
        Assert.Throws<XdrException>(() => Encode(new DomainGetMessagesRet(new string[2049])));
        Assert.Throws<XdrException>(() => Encode(new NodeGetSecurityModelRet(new string('x', 257), "")));
        Assert.Throws<XdrException>(() => Encode(new DomainGetSecurityLabelRet(new string('x', 4097), 0)));
        Assert.Throws<XdrException>(() => Encode(new DomainEventGraphicsMsg(TestDom, 0, new(0, "", ""), new(0, "", ""), "",
            Enumerable.Repeat(new DomainEventGraphicsIdentity("a", "b"), 21).ToArray())));
        // at the limit is fine
        Encode(new NodeGetSecurityModelRet(new string('x', 256), ""));
        Encode(new DomainGetParametersRet(tooMany[..16], 0));
    }

    [Fact]
    public void NetworkUpdateAndLeaseOptionalFieldsKeepTheirPlace()
    {
        // mac absent, iaid present: the presence flags sit exactly between type and ipaddr
        var lease = new NetworkDhcpLease("v", 0, 1, null, "7", "::1", 128, null, "c");
        var hex = Hex(Encode(lease));
        Assert.Equal("00000001 76000000 0000000000000000 00000001 00000000 00000001 00000001 37000000 00000003 3a3a3100 00000080 00000000 00000001 00000001 63000000"
            .Replace(" ", ""), hex);
        AssertWire(new NetworkUpdateArgs(DefaultNet, 1, 2, -1, "x", 0), Net + "00000001 00000002 ffffffff 00000001 78000000 00000000");
    }
}
