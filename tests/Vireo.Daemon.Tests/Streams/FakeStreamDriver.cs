using System.Reflection;
using System.Runtime.ExceptionServices;
using System.Threading.Channels;
using Vireo.Drivers;
using Vireo.Drivers.Domains;
using Vireo.Drivers.Events;
using Vireo.Drivers.Host;
using Vireo.Drivers.Networks;
using Vireo.Drivers.Storage;
using Vireo.Drivers.Test;

namespace Vireo.Daemon.Tests.Streams;

/// <summary>
/// The driver behind "fake:///default": the test driver, except that console, screenshot and volume transfers
/// hand out <see cref="ScriptedStream"/>s the test controls (the test driver, like libvirt's, has none of them).
/// </summary>
public sealed class FakeStreamDriver : IDriverFactory, IConnectionDriver
{
    private readonly TestConnection _inner = TestConnection.CreateDefault();

    public FakeStreamDriver()
    {
        Domains = Forwarder<IDomainDriver>.Create(_inner.Domains, (name, args) => name switch
        {
            nameof(IDomainDriver.OpenConsoleAsync) => Task.FromResult<Stream>(Track(new ScriptedStream())),
            nameof(IDomainDriver.ScreenshotAsync) => Task.FromResult<(string, Stream)>(("image/x-portable-pixmap", Track(new ScriptedStream(ScreenshotBytes)))),
            _ => null,
        });
        Storage = Forwarder<IStorageDriver>.Create(_inner.Storage, (name, args) => name switch
        {
            nameof(IStorageDriver.LookupVolByPathAsync) => Task.FromResult(new StorageVolRef("default-pool", "fake.img", (string)args[0]!)),
            nameof(IStorageDriver.UploadVolAsync) => Task.FromResult<Stream>(Track(new ScriptedStream())),
            nameof(IStorageDriver.DownloadVolAsync) => Task.FromResult<Stream>(Track(new ScriptedStream(VolumeBytes))),
            _ => null,
        });
    }

    /// <summary>What a screenshot stream produces: more than two packets' worth, so it takes several STREAM packets.</summary>
    public byte[] ScreenshotBytes { get; } = Enumerable.Range(0, 600_000).Select(i => (byte)(i * 7)).ToArray();

    public byte[] VolumeBytes { get; } = Enumerable.Range(0, 300_000).Select(i => (byte)(i * 13)).ToArray();

    /// <summary>Every stream handed out, in order.</summary>
    public Channel<ScriptedStream> Opened { get; } = Channel.CreateUnbounded<ScriptedStream>();

    private ScriptedStream Track(ScriptedStream s)
    {
        Opened.Writer.TryWrite(s);
        return s;
    }

    public string Scheme => "fake";
    public IConnectionDriver Open(Uri uri) => this;
    public IHostDriver Host => _inner.Host;
    public IDomainDriver Domains { get; }
    public INetworkDriver Networks => _inner.Networks;
    public IStorageDriver Storage { get; }
    public EventBus Events => _inner.Events;
}

/// <summary>Forwards an interface to an inner implementation, except the members an override answers (non-null).</summary>
public class Forwarder<T> : DispatchProxy where T : class
{
    private T _inner = null!;
    private Func<string, object?[], object?> _override = null!;

    public static T Create(T inner, Func<string, object?[], object?> overrides)
    {
        var proxy = DispatchProxy.Create<T, Forwarder<T>>();
        var f = (Forwarder<T>)(object)proxy;
        f._inner = inner;
        f._override = overrides;
        return proxy;
    }

    protected override object? Invoke(MethodInfo? method, object?[]? args)
    {
        args ??= [];
        if (_override(method!.Name, args) is { } answer)
            return answer;
        try { return method.Invoke(_inner, args); }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            ExceptionDispatchInfo.Throw(e.InnerException);
            throw;
        }
    }
}

/// <summary>
/// A driver stream the test scripts: reads return <see cref="Feed"/>'s chunks (or a fixed content, then EOF),
/// writes land in <see cref="Written"/>; disposal is observable, so a test can prove nothing was leaked.
/// </summary>
public sealed class ScriptedStream : Stream
{
    private readonly MemoryStream? _content;

    public ScriptedStream(byte[]? content = null) => _content = content is null ? null : new MemoryStream(content);

    /// <summary>Data the "device" produces (console output); complete the writer for EOF.</summary>
    public Channel<byte[]> Feed { get; } = Channel.CreateUnbounded<byte[]>();

    /// <summary>Everything the client sent.</summary>
    public MemoryStream Written { get; } = new();

    public TaskCompletionSource Disposed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    public bool Flushed { get; private set; }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default)
    {
        if (_content is not null)
            return _content.Read(buffer.Span);
        try
        {
            if (!await Feed.Reader.WaitToReadAsync(ct))
                return 0;
        }
        catch (OperationCanceledException) when (Disposed.Task.IsCompleted)
        {
            return 0;
        }
        Feed.Reader.TryRead(out var chunk);
        chunk.CopyTo(buffer);
        return chunk!.Length;
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken ct = default)
    {
        lock (Written)
            Written.Write(buffer.Span);
        return ValueTask.CompletedTask;
    }

    public override void Flush() => Flushed = true;

    protected override void Dispose(bool disposing)
    {
        Feed.Writer.TryComplete();
        Disposed.TrySetResult();
        base.Dispose(disposing);
    }

    public override bool CanRead => true;
    public override bool CanWrite => true;
    public override bool CanSeek => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => Written.Write(buffer, offset, count);
}
