using System.Text;
using Vireo.Client.Api;
using Vireo.Protocol.Errors;
using Vireo.Protocol.Remote;
using Vireo.Protocol.Remote.Messages;
using Vireo.Protocol.Rpc;
using Vireo.Protocol.Xdr;

namespace Vireo.Daemon.Tests.Streams;

/// <summary>
/// libvirt's stream protocol on the wire (virnetserverprogram/remote_daemon_stream semantics), driven byte by byte
/// with a raw client against the in-process daemon and a scripted driver stream.
/// </summary>
public sealed class StreamProtocolTests : IDisposable
{
    private readonly FakeStreamDriver _fake = new();
    private readonly InProcessDaemon _daemon;

    public StreamProtocolTests() => _daemon = new InProcessDaemon(extraDrivers: [_fake]);

    public void Dispose() => _daemon.Dispose();

    private static readonly RemoteNonnullDomain TestDomain = new("test", new Guid("6695eb01-f6a4-8304-79aa-97f2502e193f"), 1);

    private async Task<RawClient> OpenAsync()
    {
        var c = new RawClient(_daemon.Paths.RwSocket);
        await c.OpenAsync("fake:///default");
        return c;
    }

    private async Task<ScriptedStream> NextDriverStreamAsync()
    {
        using var cts = new CancellationTokenSource(RawClient.Deadline);
        return await _fake.Opened.Reader.ReadAsync(cts.Token);
    }

    /// <summary>Opens the console on a raw client; returns the serial the stream runs on.</summary>
    private static async Task<uint> OpenConsoleAsync(RawClient c)
    {
        var reply = await c.CallAsync(RemoteProcedure.DomainOpenConsole, new DomainOpenConsoleArgs(TestDomain, null, 0).Encode);
        Assert.Equal(MessageStatus.Ok, reply.Header.Status);
        Assert.Equal(0, reply.Payload.Length);
        return reply.Header.Serial;
    }

    private static void SendStream(RawClient c, uint serial, MessageStatus status, byte[]? data = null, RemoteProcedure proc = RemoteProcedure.DomainOpenConsole) =>
        c.Send(ProgramIds.Remote, (int)proc, MessageType.Stream, data is null ? null : w => w.WriteBytesRaw(data), serial, status);

    private static async Task<Packet> NextStreamPacketAsync(RawClient c)
    {
        while (true)
        {
            var p = await c.ReadAsync() ?? throw new EndOfStreamException("daemon closed the connection");
            if (p.Header.Type is MessageType.Stream or MessageType.StreamHole)
                return p;
        }
    }

    [Fact]
    public async Task ConsoleDataFlowsBothWaysAndFinishIsConfirmed()
    {
        using var c = await OpenAsync();
        uint serial = await OpenConsoleAsync(c);
        var driver = await NextDriverStreamAsync();

        await driver.Feed.Writer.WriteAsync(Encoding.ASCII.GetBytes("login: "));
        var data = await NextStreamPacketAsync(c);
        Assert.Equal((MessageType.Stream, MessageStatus.Continue, serial, (int)RemoteProcedure.DomainOpenConsole),
            (data.Header.Type, data.Header.Status, data.Header.Serial, data.Header.Procedure));
        Assert.Equal("login: ", Encoding.ASCII.GetString(data.Payload.Span));

        SendStream(c, serial, MessageStatus.Continue, Encoding.ASCII.GetBytes("root\n"));
        SendStream(c, serial, MessageStatus.Ok);
        var confirm = await NextStreamPacketAsync(c);
        Assert.Equal((MessageType.Stream, MessageStatus.Ok, serial, 0), (confirm.Header.Type, confirm.Header.Status, confirm.Header.Serial, confirm.Payload.Length));
        await driver.Disposed.Task.WaitAsync(RawClient.Deadline);
        Assert.True(driver.Flushed);
        Assert.Equal("root\n", Encoding.ASCII.GetString(driver.Written.ToArray()));
    }

    [Fact]
    public async Task DriverEndOfDataIsAnEmptyContinueAndTheStreamWaitsForFinish()
    {
        using var c = await OpenAsync();
        uint serial = await OpenConsoleAsync(c);
        var driver = await NextDriverStreamAsync();
        driver.Feed.Writer.TryComplete(); // the device ends (a console taken over, QEMU gone)
        var eof = await NextStreamPacketAsync(c);
        Assert.Equal((MessageType.Stream, MessageStatus.Continue, serial, 0), (eof.Header.Type, eof.Header.Status, eof.Header.Serial, eof.Payload.Length));
        SendStream(c, serial, MessageStatus.Ok);
        var confirm = await NextStreamPacketAsync(c);
        Assert.Equal((MessageStatus.Ok, serial, 0), (confirm.Header.Status, confirm.Header.Serial, confirm.Payload.Length));
        await driver.Disposed.Task.WaitAsync(RawClient.Deadline);
    }

    [Fact]
    public async Task AbortIsConfirmedAndClosesTheDriverStream()
    {
        using var c = await OpenAsync();
        uint serial = await OpenConsoleAsync(c);
        var driver = await NextDriverStreamAsync();
        SendStream(c, serial, MessageStatus.Error);
        var confirm = await NextStreamPacketAsync(c);
        Assert.Equal((MessageStatus.Ok, serial), (confirm.Header.Status, confirm.Header.Serial));
        await driver.Disposed.Task.WaitAsync(RawClient.Deadline);
        // The stream is gone: more data on its serial is dropped, and the connection still serves calls.
        SendStream(c, serial, MessageStatus.Continue, [1, 2, 3]);
        var reply = await c.CallAsync(RemoteProcedure.ConnectListAllDomains, new ConnectListAllArgs(1, 0).Encode);
        Assert.Equal(MessageStatus.Ok, reply.Header.Status);
        Assert.Equal(0, driver.Written.Length);
    }

    [Fact]
    public async Task ClientDisconnectMidStreamClosesTheDriverStream()
    {
        var c = await OpenAsync();
        await OpenConsoleAsync(c);
        var driver = await NextDriverStreamAsync();
        await driver.Feed.Writer.WriteAsync([0x41]);
        await NextStreamPacketAsync(c);
        c.Dispose();
        await driver.Disposed.Task.WaitAsync(RawClient.Deadline);
    }

    [Fact]
    public async Task StreamPacketsForUnknownSerialsAndProceduresAreDropped()
    {
        using var c = await OpenAsync();
        uint serial = await OpenConsoleAsync(c);
        var driver = await NextDriverStreamAsync();
        SendStream(c, 4242, MessageStatus.Continue, [9, 9]);                                       // no such stream
        SendStream(c, serial, MessageStatus.Continue, [9, 9], RemoteProcedure.DomainScreenshot);   // right serial, wrong procedure
        c.Send(ProgramIds.Qemu, (int)RemoteProcedure.DomainOpenConsole, MessageType.Stream, w => w.WriteBytesRaw([9]), serial, MessageStatus.Continue); // other program
        SendStream(c, 4243, MessageStatus.Ok);                                                     // finish of nothing
        SendStream(c, serial, MessageStatus.Continue, [1]);
        SendStream(c, serial, MessageStatus.Ok);
        var confirm = await NextStreamPacketAsync(c);
        Assert.Equal((MessageStatus.Ok, serial), (confirm.Header.Status, confirm.Header.Serial));
        Assert.Equal(new byte[] { 1 }, driver.Written.ToArray());
    }

    [Fact]
    public async Task HoleOnANonSparseStreamIsAStreamErrorAndTheConnectionSurvives()
    {
        using var c = await OpenAsync();
        uint serial = await OpenConsoleAsync(c);
        var driver = await NextDriverStreamAsync();
        c.Send(ProgramIds.Remote, (int)RemoteProcedure.DomainOpenConsole, MessageType.StreamHole, w => w.WriteBytesRaw([1, 2, 3]), serial, MessageStatus.Continue);
        var error = await NextStreamPacketAsync(c);
        Assert.Equal((MessageType.Stream, MessageStatus.Error), (error.Header.Type, error.Header.Status));
        Assert.Equal("Unexpected stream hole", RawClient.ErrorOf(error).Message);
        await driver.Disposed.Task.WaitAsync(RawClient.Deadline);
        var reply = await c.CallAsync(RemoteProcedure.ConnectListAllDomains, new ConnectListAllArgs(1, 0).Encode);
        Assert.Equal(MessageStatus.Ok, reply.Header.Status);
    }

    [Fact]
    public async Task UnknownStreamStatusAbortsWithLibvirtsMessage()
    {
        using var c = await OpenAsync();
        uint serial = await OpenConsoleAsync(c);
        var driver = await NextDriverStreamAsync();
        SendStream(c, serial, (MessageStatus)7);
        var error = await NextStreamPacketAsync(c);
        Assert.Equal("stream aborted with unexpected status 7", RawClient.ErrorOf(error).Message);
        await driver.Disposed.Task.WaitAsync(RawClient.Deadline);
    }

    [Fact]
    public async Task ScreenshotRepliesWithMimeThenDataInBoundedPacketsThenAnEmptyContinue()
    {
        using var c = await OpenAsync();
        var reply = await c.CallAsync(RemoteProcedure.DomainScreenshot, new DomainScreenshotArgs(TestDomain, 0, 0).Encode);
        Assert.Equal(MessageStatus.Ok, reply.Header.Status);
        Assert.Equal("image/x-portable-pixmap", XdrCodec.Decode<DomainScreenshotRet>(reply.Payload.Span).Mime);
        var received = new MemoryStream();
        int packets = 0;
        while (true)
        {
            var p = await NextStreamPacketAsync(c);
            Assert.Equal(MessageStatus.Continue, p.Header.Status); // never OK: libvirt's client drops a connection on an unasked-for OK
            if (p.Payload.Length == 0)
                break; // end of data
            Assert.InRange(p.Payload.Length, 1, StreamLimits.PacketData);
            received.Write(p.Payload.Span);
            packets++;
        }
        Assert.Equal(_fake.ScreenshotBytes, received.ToArray());
        Assert.Equal(3, packets); // 600000 bytes = 2 full packets of 262120 + the rest
        SendStream(c, reply.Header.Serial, MessageStatus.Ok, proc: RemoteProcedure.DomainScreenshot);
        var confirm = await NextStreamPacketAsync(c);
        Assert.Equal(MessageStatus.Ok, confirm.Header.Status);
    }

    [Fact]
    public async Task ReadOnlyConnectionsCannotOpenAConsole()
    {
        using var c = new RawClient(_daemon.Paths.RoSocket);
        await c.OpenAsync("fake:///default");
        var reply = await c.CallAsync(RemoteProcedure.DomainOpenConsole, new DomainOpenConsoleArgs(TestDomain, null, 0).Encode);
        Assert.Equal("operation forbidden: read only access prevents virDomainOpenConsole", RawClient.ErrorOf(reply).Message);
    }

    [Fact]
    public async Task ClientApiUploadsAndDownloadsThroughTheDaemon()
    {
        await using var conn = await Connection.OpenAsync("fake+unix:///default?socket=" + _daemon.Paths.RwSocket);
        var vol = await conn.LookupStorageVolumeByPathAsync("/fake/fake.img");

        var upload = await vol.UploadAsync(0, 0);
        var sink = await NextDriverStreamAsync();
        var payload = Enumerable.Range(0, 700_000).Select(i => (byte)i).ToArray();
        await upload.SendAsync(payload);
        await upload.FinishAsync();
        await sink.Disposed.Task.WaitAsync(RawClient.Deadline);
        Assert.Equal(payload, sink.Written.ToArray());

        var download = await vol.DownloadAsync(0, 0);
        var got = new MemoryStream();
        var buffer = new byte[100_000];
        int n;
        while ((n = await download.ReceiveAsync(buffer)) > 0)
            got.Write(buffer, 0, n);
        await download.FinishAsync();
        Assert.Equal(_fake.VolumeBytes, got.ToArray());
    }

    [Fact]
    public async Task ClientApiAbortEndsTheConsoleAndTheConnectionLivesOn()
    {
        await using var conn = await Connection.OpenAsync("fake+unix:///default?socket=" + _daemon.Paths.RwSocket);
        var dom = await conn.LookupDomainByNameAsync("test");
        var console = await dom.OpenConsoleAsync();
        var driver = await NextDriverStreamAsync();
        await driver.Feed.Writer.WriteAsync(Encoding.ASCII.GetBytes("hello"));
        var buffer = new byte[16];
        int n = await console.ReceiveAsync(buffer);
        Assert.Equal("hello", Encoding.ASCII.GetString(buffer, 0, n));
        await console.SendAsync(Encoding.ASCII.GetBytes("x"));
        await console.AbortAsync();
        await driver.Disposed.Task.WaitAsync(RawClient.Deadline);
        Assert.Equal("test", (await conn.LookupDomainByNameAsync("test")).Name);
    }

    [Fact]
    public async Task DriversWithoutStreamsAnswerNotSupported()
    {
        await using var conn = await Connection.OpenAsync("test+unix:///default?socket=" + _daemon.Paths.RwSocket);
        var dom = await conn.LookupDomainByNameAsync("test");
        var e = await Assert.ThrowsAsync<LibvirtException>(() => dom.OpenConsoleAsync());
        Assert.Equal(ErrorCode.NoSupport, e.Code);
        Assert.Equal("this function is not supported by the connection driver: virDomainOpenConsole", e.Message);
    }
}
