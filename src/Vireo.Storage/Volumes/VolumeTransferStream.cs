namespace Vireo.Storage.Volumes;

/// <summary>A window onto a volume's file for upload or download: at most <c>limit</c> bytes (0 on upload: unlimited).</summary>
internal sealed class VolumeTransferStream(FileStream file, ulong limit, bool writable, Func<Task>? onClose) : Stream
{
    private ulong _done;
    private bool _closed;

    public override bool CanRead => !writable;
    public override bool CanWrite => writable;
    public override bool CanSeek => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => (long)_done; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (writable)
            throw new NotSupportedException();
        ulong left = limit - _done;
        if (left == 0)
            return 0;
        int n = await file.ReadAsync(buffer[..(int)Math.Min((ulong)buffer.Length, left)], cancellationToken).ConfigureAwait(false);
        _done += (ulong)n;
        return n;
    }

    public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (!writable)
            throw new NotSupportedException();
        if (limit != 0 && _done + (ulong)buffer.Length > limit)
            throw new IOException($"upload is longer than the {limit} bytes requested");
        await file.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
        _done += (ulong)buffer.Length;
    }

    public override void Flush() => file.Flush(flushToDisk: writable);

    public override Task FlushAsync(CancellationToken cancellationToken) => file.FlushAsync(cancellationToken);

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override async ValueTask DisposeAsync()
    {
        if (_closed)
            return;
        _closed = true;
        if (writable)
            file.Flush(flushToDisk: true);
        await file.DisposeAsync().ConfigureAwait(false);
        if (onClose is not null)
            await onClose().ConfigureAwait(false);
        await base.DisposeAsync().ConfigureAwait(false);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && !_closed)
            DisposeAsync().AsTask().GetAwaiter().GetResult();
        base.Dispose(disposing);
    }
}
