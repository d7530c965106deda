using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using Vireo.Integration.Tests.Infrastructure;

namespace Vireo.Integration.Tests.Remote;

/// <summary>
/// Hostile clients against vireod — slow-loris packets, max-size packets in a loop, 1000 connections, half-done
/// TLS handshakes: while each runs, a well-behaved real virsh keeps being served, the offenders are dropped, and
/// the daemon's resident memory (VmRSS) stays within a generous bound of where it started.
/// </summary>
[Trait("Category", "Integration")]
public sealed class AbuseTests : IClassFixture<AbuseVireodFixture>
{
    /// <summary>libvirt's cap on a packet after its length word (VIR_NET_MESSAGE_MAX).</summary>
    private const int MessageMax = 32 * 1024 * 1024;
    private const uint RemoteProgram = 0x20008086;
    private const int AuthList = 66;
    private const int DomainLookupByName = 23;
    /// <summary>How far VmRSS may grow over a test: far below what the abuse would cost unbounded.</summary>
    private const long RssBoundKib = 256 * 1024;
    private readonly AbuseVireodFixture _d;

    public AbuseTests(AbuseVireodFixture d) => _d = d;

    /// <summary>The well-behaved client: the real virsh lists the test driver's domains.</summary>
    private void AssertServed(string? uri = null)
    {
        var r = ProcessRunner.Virsh(uri ?? _d.TestUri, "list", "--all");
        Assert.True(r.ExitCode == 0, r + "\n" + _d.Describe());
        Assert.Contains(" test ", r.Stdout);
    }

    private void AssertMemoryBounded(long beforeKib)
    {
        long after = _d.RssKib();
        Assert.True(after - beforeKib < RssBoundKib, $"vireod VmRSS grew from {beforeKib} KiB to {after} KiB");
    }

    private Socket UnixClient()
    {
        var s = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        s.Connect(new UnixDomainSocketEndPoint(_d.SocketPath));
        return s;
    }

    /// <summary>The daemon closed its end: readable with nothing to read (it never sends these clients anything).</summary>
    private static bool ClosedByDaemon(Socket s)
    {
        try { return s.Poll(0, SelectMode.SelectRead) && s.Receive(new byte[1]) == 0; }
        catch (SocketException) { return true; }
    }

    private static byte[] Header(uint length, int procedure, uint serial)
    {
        var b = new byte[28];
        var words = new[] { length, RemoteProgram, 1u, (uint)procedure, 0u /* call */, serial, 0u /* ok */ };
        for (int i = 0; i < words.Length; i++) BinaryPrimitives.WriteUInt32BigEndian(b.AsSpan(i * 4), words[i]);
        return b;
    }

    /// <summary>Reads one reply packet whole and returns its status word (0 ok, 1 error).</summary>
    private static uint ReadReplyStatus(Socket s)
    {
        var len = new byte[4];
        ReadExactly(s, len);
        var body = new byte[BinaryPrimitives.ReadUInt32BigEndian(len) - 4];
        ReadExactly(s, body);
        return BinaryPrimitives.ReadUInt32BigEndian(body.AsSpan(20));
    }

    private static void ReadExactly(Socket s, byte[] buffer)
    {
        int read = 0;
        while (read < buffer.Length)
        {
            int n = s.Receive(buffer, read, buffer.Length - read, SocketFlags.None);
            if (n == 0) throw new EndOfStreamException("vireod closed the connection");
            read += n;
        }
    }

    [Fact]
    public void SlowLorisClientsAreDroppedWhileOthersAreServed()
    {
        AssertServed();
        long before = _d.RssKib();
        // each announces a max-size packet, sends part of its header, then dribbles one byte per round
        var lorises = Enumerable.Range(0, 50).Select(_ => UnixClient()).ToList();
        foreach (var s in lorises) s.Send(Header(MessageMax + 4, DomainLookupByName, 1), 0, 12, SocketFlags.None);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        int served = 0;
        do
        {
            Assert.True(DateTime.UtcNow < deadline, $"slow-loris clients still connected after 60 s:\n{_d.Describe()}");
            AssertServed();
            served++;
            foreach (var s in lorises)
            {
                try { s.Send(new byte[] { 0 }); }
                catch (SocketException) { } // already dropped
            }
        }
        while (!lorises.All(ClosedByDaemon)); // poll until the daemon dropped every one (deadline above)
        Assert.True(served > 0);
        Assert.Contains("packet not received whole", File.ReadAllText(Path.Combine(_d.Root, "log", "vireod.log")));
        AssertMemoryBounded(before);
        foreach (var s in lorises) s.Dispose();
        AssertServed();
    }

    [Fact]
    public async Task MaxSizePacketsInALoopAreAnsweredWhileOthersAreServed()
    {
        AssertServed();
        long before = _d.RssKib();
        const int packets = 8;
        using var flooder = UnixClient();
        flooder.ReceiveTimeout = 120_000;
        // LOOKUP_BY_NAME packets of exactly the cap (the name is over XDR's string limit: each is answered with an error)
        var packet = new byte[MessageMax + 4];
        Header((uint)packet.Length, DomainLookupByName, 7).CopyTo(packet, 0);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(28), (uint)(packet.Length - 32));
        packet.AsSpan(32).Fill((byte)'x');
        var flood = Task.Run(() =>
        {
            var statuses = new List<uint>();
            for (int i = 0; i < packets; i++)
            {
                flooder.Send(packet);
                statuses.Add(ReadReplyStatus(flooder));
            }
            return statuses;
        });
        int served = 0;
        while (!flood.IsCompleted || served == 0) // the well-behaved client runs alongside the flood
        {
            AssertServed();
            served++;
        }
        Assert.Equal(Enumerable.Repeat(1u, packets), await flood);
        AssertMemoryBounded(before);
    }

    [Fact]
    public void AThousandConnectionsAreEachServedAlongsideAnother()
    {
        AssertServed();
        long before = _d.RssKib();
        var clients = new List<Socket>();
        try
        {
            for (int i = 0; i < 1000; i++) clients.Add(UnixClient());
            AssertServed();
            for (int i = 0; i < clients.Count; i++) clients[i].Send(Header(28, AuthList, (uint)i));
            foreach (var c in clients)
            {
                c.ReceiveTimeout = 60_000;
                Assert.Equal(0u, ReadReplyStatus(c));
            }
            AssertServed();
            AssertMemoryBounded(before);
        }
        finally
        {
            foreach (var c in clients) c.Dispose();
        }
        AssertServed();
    }

    [Fact]
    public void HalfDoneTlsHandshakesTimeOutAndATlsClientIsStillServed()
    {
        AssertServed(_d.TlsUri);
        long before = _d.RssKib();
        // twice max_anonymous_clients connections that start a ClientHello (a record announcing 512 bytes) and stop
        byte[] partialHello = [0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, 0xfc, 0x03, 0x03];
        var stalled = new List<Socket>();
        try
        {
            for (int i = 0; i < 2 * AbuseVireodFixture.MaxAnonymousClients; i++)
            {
                var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                s.Connect(new IPEndPoint(IPAddress.Loopback, _d.Port));
                s.Send(partialHello);
                stalled.Add(s);
            }
            // the real client queues behind them and is served once their handshakes time out
            AssertServed(_d.TlsUri);
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (stalled.FirstOrDefault(s => !ClosedByDaemon(s)) is { } open) // poll until every stalled handshake was dropped
            {
                Assert.True(DateTime.UtcNow < deadline, $"half-done TLS handshakes still open after 60 s:\n{_d.Describe()}");
                open.Poll(200_000, SelectMode.SelectRead); // wait (bounded) for the daemon to close it
            }
            Assert.Contains("did not finish its handshake", File.ReadAllText(Path.Combine(_d.Root, "log", "vireod.log")));
            AssertServed(_d.TlsUri);
            AssertMemoryBounded(before);
        }
        finally
        {
            foreach (var s in stalled) s.Dispose();
        }
    }
}
