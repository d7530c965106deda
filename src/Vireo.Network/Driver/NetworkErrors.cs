using System.Globalization;
using Vireo.Protocol.Errors;

namespace Vireo.Network.Driver;

/// <summary>The errors the network driver raises, coded and worded as libvirt's bridge network driver does (VIR_FROM_NETWORK).</summary>
internal static class NetworkErrors
{
    public static void CheckFlags(uint flags, uint allowed, string function)
    {
        uint bad = flags & ~allowed;
        if (bad != 0)
            throw new LibvirtException(ErrorCode.InvalidArg, ErrorDomain.Network,
                $"unsupported flags (0x{bad.ToString("x", CultureInfo.InvariantCulture)}) in function {function}");
    }

    public static LibvirtException NoNetwork(string detail) => new(ErrorCode.NoNetwork, ErrorDomain.Network, "Network not found: " + detail);

    public static LibvirtException Invalid(string detail) => LibvirtException.Invalid(detail, ErrorDomain.Network);

    public static LibvirtException Internal(string detail) => new(ErrorCode.InternalError, ErrorDomain.Network, "internal error: " + detail);

    public static LibvirtException OperationFailed(string detail) => new(ErrorCode.OperationFailed, ErrorDomain.Network, "operation failed: " + detail);

    public static LibvirtException Unsupported(string detail) => new(ErrorCode.ConfigUnsupported, ErrorDomain.Network, "unsupported configuration: " + detail);

    /// <summary>A host command (ip, nft, dnsmasq) failed: libvirt-style "what: why".</summary>
    public static LibvirtException System(string what, Exception e) =>
        new(ErrorCode.SystemError, ErrorDomain.Network, $"{what}: {(e is Host.HostCommandException h && h.StdErr.Length > 0 ? h.StdErr : e.Message)}");
}
