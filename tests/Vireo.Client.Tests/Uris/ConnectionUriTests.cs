using Vireo.Client.Uris;
using Vireo.Protocol.Errors;

namespace Vireo.Client.Tests.Uris;

public class ConnectionUriTests
{
    [Theory]
    [InlineData("qemu:///system", "qemu", null, null, null, "/system", "unix")]
    [InlineData("qemu+ssh://root@host/system", "qemu", "ssh", "root", "host", "/system", "ssh")]
    [InlineData("qemu://host/system", "qemu", null, null, "host", "/system", "tls")]
    [InlineData("test+tcp://127.0.0.1:16509/default", "test", "tcp", null, "127.0.0.1", "/default", "tcp")]
    [InlineData("test+unix:///default?socket=/run/vireo/vireo-sock", "test", "unix", null, null, "/default", "unix")]
    [InlineData("qemu+tls://[::1]:16514/system", "qemu", "tls", null, "::1", "/system", "tls")]
    public void ParsesTheParts(string text, string driver, string? transport, string? user, string? host, string path, string effective)
    {
        var u = ConnectionUri.Parse(text);
        Assert.Equal(driver, u.Driver);
        Assert.Equal(transport, u.Transport);
        Assert.Equal(user, u.User);
        Assert.Equal(host, u.Host);
        Assert.Equal(path, u.Path);
        Assert.Equal(effective, u.EffectiveTransport);
        Assert.Equal(text, u.ToString());
    }

    [Fact]
    public void ParsesThePort()
    {
        Assert.Equal(16600, ConnectionUri.Parse("test+tcp://127.0.0.1:16600/default").Port);
        Assert.Equal(16514, ConnectionUri.Parse("qemu+tls://[::1]:16514/system").Port);
        Assert.Null(ConnectionUri.Parse("qemu:///system").Port);
    }

    [Theory]
    // observed on the wire: the transport, host and client-only parameters never reach the daemon
    [InlineData("test+tcp://127.0.0.1:16600/default", "test:///default")]
    [InlineData("qemu+unix:///session?socket=/tmp/x", "qemu:///session")]
    [InlineData("test+unix:///default?socket=/tmp/lvd/sock", "test:///default")]
    [InlineData("qemu+ssh://root@host:22/system?keyfile=/k&no_verify=1&no_tty=1", "qemu:///system")]
    [InlineData("qemu:///system", "qemu:///system")]
    [InlineData("test:///tmp/node.xml", "test:///tmp/node.xml")]
    [InlineData("qemu+tcp://h/system?name=qemu:///session", "qemu:///session")]
    [InlineData("qemu:///system?mode=legacy&foo=bar", "qemu:///system?foo=bar")]
    public void NameForDaemonDropsTransportAndClientParameters(string text, string expected) =>
        Assert.Equal(expected, ConnectionUri.Parse(text).NameForDaemon);

    [Fact]
    public void ReadsParameters()
    {
        var u = ConnectionUri.Parse("test+unix:///default?socket=/tmp/a%20b&no_verify=1");
        Assert.Equal("/tmp/a b", u.Get("socket"));
        Assert.Equal("1", u.Get("no_verify"));
        Assert.Null(u.Get("missing"));
    }

    [Theory]
    [InlineData("qemu")]
    [InlineData("://host/system")]
    [InlineData("qemu://host:99999/system")]
    [InlineData("qemu://host:abc/system")]
    public void RejectsMalformedUris(string text)
    {
        var e = Assert.Throws<LibvirtException>(() => ConnectionUri.Parse(text));
        Assert.Equal(ErrorCode.InvalidArg, e.Code);
        Assert.Contains(text, e.Message);
    }
}
