using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace Vireo.Drivers.Qemu.Qmp;

/// <summary>
/// A short-lived connection to the QEMU guest agent over its virtio channel's host socket: guest-sync first (so
/// a reply left over from an earlier client is skipped), then one command.
/// </summary>
public static class GuestAgentClient
{
    /// <summary>guest-shutdown with mode powerdown, reboot or halt. The agent does not answer it (the guest goes away), so no reply is awaited.</summary>
    public static async Task ShutdownAsync(string socketPath, string mode, TimeSpan syncDeadline, CancellationToken ct = default)
    {
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(syncDeadline);
        try
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), cts.Token).ConfigureAwait(false);
            await using var stream = new NetworkStream(socket, ownsSocket: false);
            using var reader = new StreamReader(stream, new UTF8Encoding(false), false, 4096, leaveOpen: true);
            long id = Random.Shared.NextInt64(1, long.MaxValue / 2);
            await WriteAsync(stream, $"{{\"execute\":\"guest-sync\",\"arguments\":{{\"id\":{id}}}}}", cts.Token).ConfigureAwait(false);
            while (true)
            {
                var line = await reader.ReadLineAsync(cts.Token).ConfigureAwait(false)
                    ?? throw new IOException("the guest agent closed the channel");
                if (IsSyncReply(line, id))
                    break;
            }
            await WriteAsync(stream, $"{{\"execute\":\"guest-shutdown\",\"arguments\":{{\"mode\":\"{mode}\"}}}}", cts.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or IOException)
        {
            throw new TimeoutException($"QEMU guest agent is not connected: {e.Message}", e);
        }
    }

    /// <summary>
    /// Runs one agent command (after guest-sync) and returns the raw JSON text of its "return" value. An agent
    /// error reply becomes <see cref="GuestAgentErrorException"/>; no reply within the deadline a TimeoutException.
    /// </summary>
    public static async Task<string> ExecuteAsync(string socketPath, string commandJson, TimeSpan deadline, CancellationToken ct = default)
    {
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(deadline);
        try
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), cts.Token).ConfigureAwait(false);
            await using var stream = new NetworkStream(socket, ownsSocket: false);
            using var reader = new StreamReader(stream, new UTF8Encoding(false), false, 4096, leaveOpen: true);
            long id = Random.Shared.NextInt64(1, long.MaxValue / 2);
            await WriteAsync(stream, $"{{\"execute\":\"guest-sync\",\"arguments\":{{\"id\":{id}}}}}", cts.Token).ConfigureAwait(false);
            while (!IsSyncReply(await reader.ReadLineAsync(cts.Token).ConfigureAwait(false) ?? throw new IOException("the guest agent closed the channel"), id))
            {
            }
            await WriteAsync(stream, commandJson, cts.Token).ConfigureAwait(false);
            var line = await reader.ReadLineAsync(cts.Token).ConfigureAwait(false) ?? throw new IOException("the guest agent closed the channel");
            using var doc = JsonDocument.Parse(line);
            if (doc.RootElement.TryGetProperty("error", out var err))
                throw new GuestAgentErrorException(err.TryGetProperty("desc", out var desc) ? desc.GetString() ?? line : line);
            return doc.RootElement.TryGetProperty("return", out var r) ? r.GetRawText() : "{}";
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or IOException or JsonException)
        {
            throw new TimeoutException($"QEMU guest agent is not connected: {e.Message}", e);
        }
    }

    private static bool IsSyncReply(string line, long id)
    {
        try
        {
            using var doc = JsonDocument.Parse(line);
            return doc.RootElement.TryGetProperty("return", out var r) && r.ValueKind == JsonValueKind.Number && r.GetInt64() == id;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static async Task WriteAsync(NetworkStream stream, string json, CancellationToken ct) =>
        await stream.WriteAsync(Encoding.UTF8.GetBytes(json + "\n"), ct).ConfigureAwait(false);
}

/// <summary>The guest agent answered a command with an error (its "desc" is the message).</summary>
public sealed class GuestAgentErrorException(string description) : Exception(description);
