using Vireo.Protocol.Remote;
using Vireo.Protocol.Xdr;

namespace Vireo.Daemon.Dispatch;

/// <summary>A procedure implementation: decodes its args, calls a driver, encodes its ret.</summary>
public delegate Task<IXdrEncodable?> ProcedureHandler(CallContext ctx, ReadOnlyMemory<byte> payload);

/// <summary>
/// Maps REMOTE procedure numbers to handlers. Procedures without a handler answer "unknown procedure: N",
/// exactly as libvirtd does, so clients fall back to older calls.
/// </summary>
public sealed class ProcedureRegistry
{
    private readonly Dictionary<int, ProcedureHandler> _handlers = [];

    public ProcedureHandler? Find(int procedure) => _handlers.GetValueOrDefault(procedure);

    public IEnumerable<int> Implemented => _handlers.Keys;

    private void Set(RemoteProcedure p, ProcedureHandler h)
    {
        if (!_handlers.TryAdd((int)p, h)) throw new InvalidOperationException($"procedure {p} registered twice");
    }

    /// <summary>Args → ret.</summary>
    public void Add<TArgs, TRet>(RemoteProcedure p, Func<CallContext, TArgs, Task<TRet>> handler)
        where TArgs : IXdrMessage<TArgs> where TRet : IXdrEncodable =>
        Set(p, async (ctx, payload) => await handler(ctx, XdrCodec.Decode<TArgs>(payload.Span)).ConfigureAwait(false));

    /// <summary>Args → void.</summary>
    public void Add<TArgs>(RemoteProcedure p, Func<CallContext, TArgs, Task> handler) where TArgs : IXdrMessage<TArgs> =>
        Set(p, async (ctx, payload) => { await handler(ctx, XdrCodec.Decode<TArgs>(payload.Span)).ConfigureAwait(false); return null; });

    /// <summary>Void → ret.</summary>
    public void AddNoArgs<TRet>(RemoteProcedure p, Func<CallContext, Task<TRet>> handler) where TRet : IXdrEncodable =>
        Set(p, async (ctx, payload) => { XdrCodec.Decode<XdrVoid>(payload.Span); return await handler(ctx).ConfigureAwait(false); });

    /// <summary>Void → void.</summary>
    public void AddNoArgs(RemoteProcedure p, Func<CallContext, Task> handler) =>
        Set(p, async (ctx, payload) => { XdrCodec.Decode<XdrVoid>(payload.Span); await handler(ctx).ConfigureAwait(false); return null; });
}
