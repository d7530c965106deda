using Vireo.Protocol.Remote;
using Vireo.Protocol.Xdr;

namespace Vireo.Protocol.Errors;

/// <summary>
/// remote_error / virNetMessageError: the payload of an error reply. libvirtd always sends dom and net as NULL,
/// str1 as the format prefix and int1/int2 as -1.
/// </summary>
public sealed record RemoteError(
    int Code, int Domain, string? Message, int Level = 2,
    RemoteNonnullDomain? Dom = null, string? Str1 = null, string? Str2 = null, string? Str3 = null,
    int Int1 = -1, int Int2 = -1, RemoteNonnullNetwork? Net = null) : IXdrMessage<RemoteError>
{
    public void Encode(XdrWriter w)
    {
        w.WriteInt(Code);
        w.WriteInt(Domain);
        w.WriteOptionalString(Message);
        w.WriteInt(Level);
        w.WritePresence(Dom is not null);
        Dom?.Encode(w);
        w.WriteOptionalString(Str1);
        w.WriteOptionalString(Str2);
        w.WriteOptionalString(Str3);
        w.WriteInt(Int1);
        w.WriteInt(Int2);
        w.WritePresence(Net is not null);
        Net?.Encode(w);
    }

    public static RemoteError Decode(ref XdrReader r)
    {
        int code = r.ReadInt(), domain = r.ReadInt();
        string? message = r.ReadOptionalString();
        int level = r.ReadInt();
        RemoteNonnullDomain? dom = r.ReadPresence() ? RemoteNonnullDomain.Decode(ref r) : null;
        string? s1 = r.ReadOptionalString(), s2 = r.ReadOptionalString(), s3 = r.ReadOptionalString();
        int i1 = r.ReadInt(), i2 = r.ReadInt();
        RemoteNonnullNetwork? net = r.ReadPresence() ? RemoteNonnullNetwork.Decode(ref r) : null;
        return new RemoteError(code, domain, message, level, dom, s1, s2, s3, i1, i2, net);
    }

    /// <summary>The error libvirtd sends for an exception, with the message in both message and str2.</summary>
    public static RemoteError From(LibvirtException e) =>
        new((int)e.Code, (int)e.Domain, e.Message, Str1: e.Message);

    /// <summary>Turns a received error into an exception, mapping "unknown procedure" to NO_SUPPORT as libvirt's client does.</summary>
    public LibvirtException ToException()
    {
        var code = (ErrorCode)Code;
        var dom = (ErrorDomain)Domain;
        if (code == ErrorCode.Rpc && dom is ErrorDomain.Rpc or ErrorDomain.Remote && Level == 2
            && Message is not null && Message.StartsWith("unknown procedure", StringComparison.Ordinal))
            code = ErrorCode.NoSupport;
        return new LibvirtException(code, dom, Message ?? "unknown error");
    }
}
