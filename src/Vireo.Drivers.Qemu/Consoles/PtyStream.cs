using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Vireo.Drivers.Qemu.Consoles;

/// <summary>
/// The slave side of a guest's serial pty (the /dev/pts/N QEMU reports), opened O_NOCTTY|O_NONBLOCK as libvirt does.
/// Reads poll with a short timeout so that disposing the stream (client gone, console taken over) ends a pending
/// read promptly instead of leaving a thread blocked until the guest prints something. QEMU put the pty in raw mode.
/// The end of QEMU (hang-up, EIO) reads as end of data.
/// </summary>
public sealed partial class PtyStream : Stream
{
    private const int O_RDWR = 2, O_NOCTTY = 0x100, O_NONBLOCK = 0x800, O_CLOEXEC = 0x80000;
    private const short POLLIN = 1, POLLOUT = 4, POLLERR = 8, POLLHUP = 0x10, POLLNVAL = 0x20;
    private const int EINTR = 4, EIO = 5, EAGAIN = 11;
    private const int PollMs = 100;

    private readonly SafeFileHandle _fd;
    private readonly Action<PtyStream>? _onDispose;
    private volatile bool _disposed;

    private PtyStream(SafeFileHandle fd, string path, Action<PtyStream>? onDispose)
    {
        _fd = fd;
        Path = path;
        _onDispose = onDispose;
    }

    public string Path { get; }
    public bool IsDisposed => _disposed;

    /// <summary>Opens a pty slave; throws IOException with the errno text when that fails.</summary>
    public static PtyStream Open(string path, Action<PtyStream>? onDispose = null)
    {
        int fd = open(path, O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
        if (fd < 0)
            throw new IOException($"Unable to open '{path}': {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");
        return new PtyStream(new SafeFileHandle(fd, ownsHandle: true), path, onDispose);
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default) =>
        new(Task.Run(() => Read(buffer, ct), ct));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken ct) =>
        ReadAsync(buffer.AsMemory(offset, count), ct).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsMemory(offset, count), default);

    private unsafe int Read(Memory<byte> buffer, CancellationToken ct)
    {
        if (buffer.Length == 0)
            return 0;
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            if (!TryUse(out int fd))
                return 0;
            try
            {
                var pfd = new PollFd { Fd = fd, Events = POLLIN };
                int ready = poll(ref pfd, 1, PollMs);
                if (ready == 0 || ready < 0 && Marshal.GetLastPInvokeError() == EINTR)
                    continue;
                if ((pfd.Revents & POLLIN) == 0 && (pfd.Revents & (POLLHUP | POLLERR | POLLNVAL)) != 0)
                    return 0;
                using var pin = buffer.Pin();
                nint n = read(fd, (byte*)pin.Pointer, buffer.Length);
                if (n >= 0)
                    return (int)n;
                int errno = Marshal.GetLastPInvokeError();
                if (errno is EAGAIN or EINTR)
                    continue;
                if (errno == EIO)
                    return 0; // QEMU closed the master
                throw new IOException($"Unable to read from '{Path}': {Marshal.GetPInvokeErrorMessage(errno)}");
            }
            finally
            {
                _fd.DangerousRelease();
            }
        }
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken ct = default) =>
        await Task.Run(() => Write(buffer, ct), ct).ConfigureAwait(false);

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken ct) =>
        WriteAsync(buffer.AsMemory(offset, count), ct).AsTask();

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsMemory(offset, count), default);

    private unsafe void Write(ReadOnlyMemory<byte> buffer, CancellationToken ct)
    {
        while (!buffer.IsEmpty)
        {
            ct.ThrowIfCancellationRequested();
            if (!TryUse(out int fd))
                throw new ObjectDisposedException(nameof(PtyStream), "the console session was closed");
            try
            {
                nint n;
                using (var pin = buffer.Pin())
                    n = write(fd, (byte*)pin.Pointer, buffer.Length);
                if (n > 0)
                {
                    buffer = buffer[(int)n..];
                    continue;
                }
                int errno = Marshal.GetLastPInvokeError();
                if (errno is EAGAIN or EINTR)
                {
                    var pfd = new PollFd { Fd = fd, Events = POLLOUT };
                    poll(ref pfd, 1, PollMs);
                    continue;
                }
                throw new IOException($"Unable to write to '{Path}': {Marshal.GetPInvokeErrorMessage(errno)}");
            }
            finally
            {
                _fd.DangerousRelease();
            }
        }
    }

    /// <summary>Holds the descriptor open for one system call (a concurrent Dispose closes it only afterwards).</summary>
    private bool TryUse(out int fd)
    {
        fd = -1;
        if (_disposed)
            return false;
        bool added = false;
        try { _fd.DangerousAddRef(ref added); }
        catch (ObjectDisposedException) { return false; }
        fd = (int)_fd.DangerousGetHandle();
        return added;
    }

    public override void Flush() { }
    public override Task FlushAsync(CancellationToken ct) => Task.CompletedTask;

    protected override void Dispose(bool disposing)
    {
        if (disposing && !_disposed)
        {
            _disposed = true;
            _fd.Dispose();
            _onDispose?.Invoke(this);
        }
        base.Dispose(disposing);
    }

    public override bool CanRead => true;
    public override bool CanWrite => true;
    public override bool CanSeek => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();

    [StructLayout(LayoutKind.Sequential)]
    private struct PollFd
    {
        public int Fd;
        public short Events;
        public short Revents;
    }

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int open(string path, int flags);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int poll(ref PollFd fds, nuint nfds, int timeout);

    [LibraryImport("libc", SetLastError = true)]
    private static unsafe partial nint read(int fd, byte* buf, nint count);

    [LibraryImport("libc", SetLastError = true)]
    private static unsafe partial nint write(int fd, byte* buf, nint count);
}
