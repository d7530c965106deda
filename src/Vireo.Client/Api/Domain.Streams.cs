using Vireo.Protocol.Remote;
using Vireo.Protocol.Remote.Messages;
using Vireo.Protocol.Xdr;

namespace Vireo.Client.Api;

/// <summary>virDomainConsoleFlags.</summary>
[Flags]
public enum DomainConsoleFlags : uint
{
    None = 0,
    /// <summary>Take the console over from another client.</summary>
    Force = 1,
    /// <summary>Only if the driver guarantees exclusive access.</summary>
    Safe = 2,
}

public sealed partial class Domain
{
    /// <summary>virDomainOpenConsole: a duplex stream to the guest's console (or the serial/console named by its alias).</summary>
    public async Task<VirStream> OpenConsoleAsync(string? devName = null, DomainConsoleFlags flags = DomainConsoleFlags.None)
    {
        var (stream, _) = await VirStream.OpenAsync(Connection.Rpc, (int)RemoteProcedure.DomainOpenConsole,
            new DomainOpenConsoleArgs(Handle, devName, (uint)flags).Encode).ConfigureAwait(false);
        return stream;
    }

    /// <summary>virDomainScreenshot: the image's MIME type and a stream of its bytes (receive to the end, then finish).</summary>
    public async Task<(string? Mime, VirStream Image)> ScreenshotAsync(uint screen = 0, uint flags = 0)
    {
        var (stream, reply) = await VirStream.OpenAsync(Connection.Rpc, (int)RemoteProcedure.DomainScreenshot,
            new DomainScreenshotArgs(Handle, screen, flags).Encode).ConfigureAwait(false);
        return (XdrCodec.Decode<DomainScreenshotRet>(reply.Payload.Span).Mime, stream);
    }
}
