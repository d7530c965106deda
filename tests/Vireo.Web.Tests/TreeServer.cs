using System.Net;
using System.Net.Sockets;

namespace Vireo.Web.Tests;

/// <summary>An install tree served over HTTP on loopback (GET and HEAD of the given paths, 404 otherwise).</summary>
public sealed class TreeServer : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Dictionary<string, byte[]> _files;

    public TreeServer(Dictionary<string, byte[]> files)
    {
        _files = files;
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        int port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        Url = $"http://127.0.0.1:{port}/";
        _listener.Prefixes.Add(Url);
        _listener.Start();
        _ = Task.Run(ServeAsync);
    }

    public string Url { get; }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext ctx;
            try { ctx = await _listener.GetContextAsync(); } catch (Exception) { return; }
            using var resp = ctx.Response;
            if (_files.TryGetValue(ctx.Request.Url!.AbsolutePath, out var body))
            {
                resp.ContentLength64 = body.Length;
                if (ctx.Request.HttpMethod != "HEAD") await resp.OutputStream.WriteAsync(body);
            }
            else
            {
                resp.StatusCode = 404;
            }
        }
    }

    public void Dispose() => _listener.Close();
}
