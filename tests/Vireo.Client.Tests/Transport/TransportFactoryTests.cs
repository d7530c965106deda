using System.Net;
using System.Net.Sockets;
using Vireo.Client.Transport;
using Vireo.Client.Uris;
using Vireo.Protocol.Errors;

namespace Vireo.Client.Tests.Transport;

public class TransportFactoryTests
{
    [Fact]
    public async Task UnixSocketThatDoesNotExistFailsLikeLibvirt()
    {
        var path = Path.Combine(Path.GetTempPath(), "no-such-" + Guid.NewGuid().ToString("N"));
        var e = await Assert.ThrowsAsync<LibvirtException>(() => TransportFactory.OpenAsync(ConnectionUri.Parse("test+unix:///default?socket=" + path), false));
        Assert.Equal($"Failed to connect socket to '{path}': No such file or directory", e.Message);
        Assert.Equal(ErrorCode.SystemError, e.Code);
    }

    [Fact]
    public async Task UnixSocketConnects()
    {
        var dir = Directory.CreateTempSubdirectory("vireo-unix-");
        var path = Path.Combine(dir.FullName, "s");
        using var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(path));
        listener.Listen(1);
        await using var stream = await TransportFactory.OpenAsync(ConnectionUri.Parse("qemu+unix:///system?socket=" + path), false);
        using var accepted = await listener.AcceptAsync();
        await stream.WriteAsync(new byte[] { 1, 2, 3 });
        var buf = new byte[3];
        Assert.Equal(3, await accepted.ReceiveAsync(buf));
        Assert.Equal(new byte[] { 1, 2, 3 }, buf);
        dir.Delete(true);
    }

    [Fact]
    public async Task TcpConnectsAndRefusalIsWordedLikeLibvirt()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        await using (var stream = await TransportFactory.OpenAsync(ConnectionUri.Parse($"test+tcp://127.0.0.1:{port}/default"), false))
        {
            using var accepted = await listener.AcceptTcpClientAsync();
            Assert.True(accepted.Connected);
        }
        listener.Stop();
        var e = await Assert.ThrowsAsync<LibvirtException>(() => TransportFactory.OpenAsync(ConnectionUri.Parse($"test+tcp://127.0.0.1:{port}/default"), false));
        Assert.Equal($"unable to connect to server at '127.0.0.1:{port}': Connection refused", e.Message);
    }

    [Fact]
    public async Task UnsupportedTransportIsRefused()
    {
        var e = await Assert.ThrowsAsync<LibvirtException>(() => TransportFactory.OpenAsync(ConnectionUri.Parse("qemu+bogus://h/system"), false));
        Assert.Equal(ErrorCode.InvalidArg, e.Code);
        Assert.Contains("bogus", e.Message);
    }
}
