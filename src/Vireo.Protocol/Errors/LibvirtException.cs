namespace Vireo.Protocol.Errors;

/// <summary>
/// An error as libvirt reports it: code, domain and the full user-visible message
/// (e.g. "Domain not found: no domain with matching name 'x'").
/// </summary>
public class LibvirtException(ErrorCode code, ErrorDomain domain, string message) : Exception(message)
{
    public ErrorCode Code { get; } = code;
    public ErrorDomain Domain { get; } = domain;

    /// <summary>The message as it travels in remote_error (same as Message).</summary>
    public string ErrorMessage => Message;

    /// <summary>The error a read-only connection gets for a mutating API, worded as libvirt words it.</summary>
    public static LibvirtException ReadOnlyDenied(string apiName) =>
        new(ErrorCode.OperationDenied, ErrorDomain.Domain, $"operation forbidden: read only access prevents {apiName}");

    public static LibvirtException Internal(string detail) =>
        new(ErrorCode.InternalError, ErrorDomain.Rpc, $"internal error: {detail}");

    public static LibvirtException Invalid(string detail, ErrorDomain domain = ErrorDomain.Domain) =>
        new(ErrorCode.OperationInvalid, domain, $"Requested operation is not valid: {detail}");

    public static LibvirtException NoSupport(string apiName, ErrorDomain domain = ErrorDomain.Domain) =>
        new(ErrorCode.NoSupport, domain, $"this function is not supported by the connection driver: {apiName}");

    public static LibvirtException InvalidArg(string detail, ErrorDomain domain = ErrorDomain.Domain) =>
        new(ErrorCode.InvalidArg, domain, $"invalid argument: {detail}");

    public override string ToString() => $"{Message} (code {(int)Code}, domain {(int)Domain})";
}
