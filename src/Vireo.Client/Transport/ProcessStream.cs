using System.Diagnostics;
using System.Text;

namespace Vireo.Client.Transport;

/// <summary>
/// The RPC byte stream carried by a child's stdin/stdout (ssh and ext transports, libvirt's virNetSocketNewConnectCommand).
/// The child's stderr is kept, so when the stream ends early the reason (ssh's own message) reaches the user.
/// Disposing closes stdin and kills the child if it does not exit by itself.
/// </summary>
public sealed class ProcessStream : Stream
{
    private readonly Process _process;
    private readonly Stream _stdout, _stdin;
    private readonly StringBuilder _stderr = new();
    private readonly Task _stderrPump;
    private bool _sawData;

    private ProcessStream(Process process)
    {
        _process = process;
        _stdout = process.StandardOutput.BaseStream;
        _stdin = process.StandardInput.BaseStream;
        _stderrPump = PumpStderrAsync();
    }

    /// <summary>Starts <paramref name="program"/> with <paramref name="args"/> (an argv: no shell on this side).</summary>
    public static ProcessStream Start(string program, IEnumerable<string> args)
    {
        var psi = new ProcessStartInfo(program)
        {
            RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        foreach (var a in args) psi.ArgumentList.Add(a);
        return new ProcessStream(Process.Start(psi) ?? throw new IOException($"cannot run {program}"));
    }

    public string CommandLine => _process.StartInfo.FileName + " " + string.Join(' ', _process.StartInfo.ArgumentList);

    private async Task PumpStderrAsync()
    {
        var err = _process.StandardError;
        var buffer = new char[1024];
        int n;
        while ((n = await err.ReadAsync(buffer).ConfigureAwait(false)) > 0)
            lock (_stderr) if (_stderr.Length < 8192) _stderr.Append(buffer, 0, n);
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default)
    {
        int n = await _stdout.ReadAsync(buffer, ct).ConfigureAwait(false);
        if (n > 0) { _sawData = true; return n; }
        if (!_sawData && await ChildMessageAsync().ConfigureAwait(false) is { } why) throw new IOException(why);
        return 0;
    }

    /// <summary>
    /// When the stream ends before any reply, what the command printed is the reason (as libvirt reports it):
    /// "ssh: connect to host ...: Connection reset by peer". Null when it printed nothing.
    /// </summary>
    private async Task<string?> ChildMessageAsync()
    {
        await Task.WhenAny(_stderrPump, Task.Delay(TimeSpan.FromSeconds(2))).ConfigureAwait(false); // bounded wait for the child's last words
        string text;
        lock (_stderr) text = _stderr.ToString().Trim();
        return text.Length > 0 ? $"{text}: Connection reset by peer" : null;
    }

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken ct = default)
    {
        try
        {
            await _stdin.WriteAsync(buffer, ct).ConfigureAwait(false);
            await _stdin.FlushAsync(ct).ConfigureAwait(false);
        }
        catch (IOException) when (!_sawData)
        {
            // the child died before talking: its message, not "Broken pipe"
            if (await ChildMessageAsync().ConfigureAwait(false) is { } why) throw new IOException(why);
            throw;
        }
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken ct) => WriteAsync(buffer.AsMemory(offset, count), ct).AsTask();
    public override void Write(byte[] buffer, int offset, int count) { _stdin.Write(buffer, offset, count); _stdin.Flush(); }
    public override void Flush() => _stdin.Flush();
    public override Task FlushAsync(CancellationToken ct) => _stdin.FlushAsync(ct);

    public override bool CanRead => true;
    public override bool CanWrite => true;
    public override bool CanSeek => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            try { _stdin.Dispose(); } catch (IOException) { /* the child is gone already */ }
            try
            {
                // closing stdin ends nc and hence ssh; a child that ignores it is killed
                if (!_process.WaitForExit(TimeSpan.FromSeconds(2))) _process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException) { /* never started or already reaped */ }
            _stdout.Dispose();
            _process.Dispose();
        }
        base.Dispose(disposing);
    }
}
