using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Vireo.Integration.Tests.Install;

/// <summary>
/// An install tree served over HTTP on 127.0.0.1 (a free port) by <see cref="HttpListener"/>: GET and HEAD of the
/// files under a directory; every request path is recorded so a test can prove the kernel and initrd were fetched.
/// </summary>
internal sealed class TestHttpTree : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly string _root;

    public TestHttpTree(string root)
    {
        _root = root;
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        Port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        Url = $"http://127.0.0.1:{Port}/";
        _listener.Prefixes.Add(Url);
        _listener.Start();
        _ = Task.Run(ServeAsync);
    }

    public int Port { get; }

    public string Url { get; }

    /// <summary>"GET /images/pxeboot/vmlinuz" ...</summary>
    public ConcurrentQueue<string> Requests { get; } = new();

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext ctx;
            try
            {
                ctx = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            var path = Uri.UnescapeDataString(ctx.Request.Url!.AbsolutePath);
            Requests.Enqueue(ctx.Request.HttpMethod + " " + path);
            var file = Path.GetFullPath(Path.Combine(_root, path.TrimStart('/')));
            try
            {
                if (!file.StartsWith(_root, StringComparison.Ordinal) || !File.Exists(file))
                {
                    ctx.Response.StatusCode = 404;
                }
                else
                {
                    var bytes = await File.ReadAllBytesAsync(file);
                    ctx.Response.ContentLength64 = bytes.Length;
                    if (ctx.Request.HttpMethod != "HEAD")
                        await ctx.Response.OutputStream.WriteAsync(bytes);
                }

                ctx.Response.Close();
            }
            catch (Exception e) when (e is HttpListenerException or IOException)
            {
                // the client went away
            }
        }
    }

    public void Dispose() => _listener.Close();
}
