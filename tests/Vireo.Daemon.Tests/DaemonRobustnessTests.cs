using System.Buffers.Binary;
using Vireo.Protocol.Remote;
using Vireo.Protocol.Remote.Messages;
using Vireo.Protocol.Rpc;
using Vireo.Protocol.Xdr;

namespace Vireo.Daemon.Tests;

/// <summary>Bad input reaches the daemon: each offender gets a clear error or is dropped alone; the rest keep working.</summary>
public sealed class DaemonRobustnessTests : IDisposable
{
    private readonly InProcessDaemon _daemon = new();

    public void Dispose() => _daemon.Dispose();

    private RawClient Client(bool readOnly = false) => new(readOnly ? _daemon.Paths.RoSocket : _daemon.Paths.RwSocket);

    /// <summary>A healthy client can still open and list domains.</summary>
    private async Task AssertDaemonServes()
    {
        using var c = Client();
        await c.OpenAsync();
        var reply = await c.CallAsync(RemoteProcedure.ConnectListAllDomains, new ConnectListAllArgs(1, 0).Encode);
        Assert.Equal(MessageStatus.Ok, reply.Header.Status);
        var list = XdrCodec.Decode<ConnectListAllDomainsRet>(reply.Payload.Span);
        Assert.Contains(list.Domains, d => d.Name == "test");
    }

    [Fact]
    public async Task UnknownProcedureAnswersLikeLibvirtdAndKeepsTheConnection()
    {
        using var c = Client();
        await c.OpenAsync();
        var e = RawClient.ErrorOf(await c.CallAsync((RemoteProcedure)9999));
        Assert.Equal((39, 7, "unknown procedure: 9999"), (e.Code, e.Domain, e.Message));
        Assert.Equal(MessageStatus.Ok, (await c.CallAsync(RemoteProcedure.ConnectGetType)).Header.Status);
    }

    [Fact]
    public async Task CallsBeforeOpenFailAsWithLibvirtd()
    {
        using var c = Client();
        var e = RawClient.ErrorOf(await c.CallAsync(RemoteProcedure.ConnectListAllDomains, new ConnectListAllArgs(1, 0).Encode));
        Assert.Equal((1, 7, "internal error: hypervisor connection not open"), (e.Code, e.Domain, e.Message));
    }

    [Fact]
    public async Task UnknownProgramIsAnErrorReply()
    {
        using var c = Client();
        c.Send(0x12345678, 1, MessageType.Call, null);
        var p = await c.ReadAsync();
        var e = RawClient.ErrorOf(p!);
        Assert.Equal("Cannot find program 305419896 version 1", e.Message);
    }

    [Fact]
    public async Task UndecodablePayloadIsAnErrorAndTheConnectionSurvives()
    {
        using var c = Client();
        await c.OpenAsync();
        // LOOKUP_BY_NAME with a string length far beyond the bytes that follow.
        var e = RawClient.ErrorOf(await c.CallAsync(RemoteProcedure.DomainLookupByName, w => { w.WriteUInt(1000); w.WriteUInt(0); }));
        Assert.Equal((39, "Unable to decode message payload"), (e.Code, e.Message));
        Assert.Equal(MessageStatus.Ok, (await c.CallAsync(RemoteProcedure.ConnectGetType)).Header.Status);
    }

    [Theory]
    [InlineData(0u)]
    [InlineData(12u)]
    [InlineData(0x7fffffffu)]
    public async Task ImpossibleLengthWordClosesOnlyThatConnection(uint length)
    {
        using var bad = Client();
        var bytes = new byte[28];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, length);
        bad.SendRaw(bytes);
        Assert.Null(await bad.ReadAsync());
        await AssertDaemonServes();
    }

    [Fact]
    public async Task GarbageClosesOnlyThatConnection()
    {
        using var bad = Client();
        bad.SendRaw("GET / HTTP/1.1\r\nHost: x\r\n\r\n"u8.ToArray());
        Assert.Null(await bad.ReadAsync());
        await AssertDaemonServes();
    }

    [Fact]
    public async Task ClientVanishingMidPacketDoesNotDisturbOthers()
    {
        var bad = Client();
        await bad.OpenAsync();
        var half = Packet.Encode(new MessageHeader(ProgramIds.Remote, 1, (int)RemoteProcedure.DomainLookupByName, MessageType.Call, 9, MessageStatus.Ok),
            new DomainLookupByNameArgs("test").Encode);
        bad.SendRaw(half[..(half.Length / 2)]);
        bad.Dispose();
        await AssertDaemonServes();
    }

    [Fact]
    public async Task KeepalivePingIsAnsweredWithPong()
    {
        using var c = Client();
        c.Send(ProgramIds.Keepalive, ProgramIds.KeepalivePing, MessageType.Message, null, serial: 0);
        var p = await c.ReadAsync();
        Assert.Equal((ProgramIds.Keepalive, ProgramIds.KeepalivePong, MessageType.Message, 0u), (p!.Header.Program, p.Header.Procedure, p.Header.Type, p.Header.Serial));
    }

    [Fact]
    public async Task ReadOnlySocketRefusesMutatingCallsWithLibvirtsMessage()
    {
        using var c = Client(readOnly: true);
        await c.OpenAsync();
        var lookup = await c.CallAsync(RemoteProcedure.DomainLookupByName, new DomainLookupByNameArgs("test").Encode);
        var dom = XdrCodec.Decode<DomainRet>(lookup.Payload.Span).Dom;
        var e = RawClient.ErrorOf(await c.CallAsync(RemoteProcedure.DomainDestroy, new DomainArgs(dom).Encode));
        Assert.Equal((29, 20, "operation forbidden: read only access prevents virDomainDestroy"), (e.Code, e.Domain, e.Message));
        var xml = await c.CallAsync(RemoteProcedure.DomainGetXmlDesc, new DomainFlagsArgs(dom, 0).Encode);
        Assert.Equal(MessageStatus.Ok, xml.Header.Status);
        var secure = RawClient.ErrorOf(await c.CallAsync(RemoteProcedure.DomainGetXmlDesc, new DomainFlagsArgs(dom, 1).Encode));
        Assert.Equal(29, secure.Code);
    }

    [Fact]
    public async Task ReadOnlyOpenFlagOnTheReadWriteSocketIsHonoured()
    {
        using var c = Client();
        await c.OpenAsync(flags: 1);
        var e = RawClient.ErrorOf(await c.CallAsync(RemoteProcedure.DomainDefineXml, new StringArgs("<domain type='test'><name>x</name><memory>1024</memory></domain>").Encode));
        Assert.Equal(29, e.Code);
    }

    [Fact]
    public async Task TwoHundredClientsAtOnceAreAllServed()
    {
        var tasks = Enumerable.Range(0, 200).Select(_ => Task.Run(async () =>
        {
            using var c = Client();
            await c.OpenAsync();
            var reply = await c.CallAsync(RemoteProcedure.ConnectListAllDomains, new ConnectListAllArgs(1, 0).Encode);
            return XdrCodec.Decode<ConnectListAllDomainsRet>(reply.Payload.Span).Domains.Length;
        })).ToArray();
        var counts = await Task.WhenAll(tasks);
        Assert.All(counts, n => Assert.True(n >= 1));
    }

    [Fact]
    public async Task ConnectCloseRepliesThenClosesTheSocket()
    {
        using var c = Client();
        await c.OpenAsync();
        Assert.Equal(MessageStatus.Ok, (await c.CallAsync(RemoteProcedure.ConnectClose)).Header.Status);
        Assert.Null(await c.ReadAsync());
    }

    [Fact]
    public async Task OpenOfAnUnknownDriverIsRefused()
    {
        using var c = Client();
        await c.CallAsync(RemoteProcedure.AuthList);
        var e = RawClient.ErrorOf(await c.CallAsync(RemoteProcedure.ConnectOpen, new ConnectOpenArgs("bogus:///system", 0).Encode));
        Assert.Equal(5, e.Code);
        Assert.Contains("bogus:///system", e.Message);
    }
}
