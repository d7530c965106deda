using System.Globalization;
using Vireo.Model.Xml;
using Vireo.Protocol.Errors;

namespace Vireo.Drivers.Test;

/// <summary>
/// The errors libvirt 9.0's test driver reports, worded and coded exactly as it words them
/// (checked against `virsh -c test:///default` and python-libvirt).
/// </summary>
internal static class TestErrors
{
    /// <summary>virCheckFlags: "unsupported flags (0x4) in function testDomainUndefineFlags".</summary>
    public static void CheckFlags(uint flags, uint allowed, string function)
    {
        uint bad = flags & ~allowed;
        if (bad != 0)
            throw new LibvirtException(ErrorCode.InvalidArg, ErrorDomain.Test,
                $"unsupported flags (0x{bad.ToString("x", CultureInfo.InvariantCulture)}) in function {function}");
    }

    /// <summary>Lookup by name, id or UUID found nothing (libvirt reports no detail here).</summary>
    public static LibvirtException NoDomain() => new(ErrorCode.NoDomain, ErrorDomain.Test, "Domain not found");

    /// <summary>A domain handle whose object is gone (testDomObjFromDomain).</summary>
    public static LibvirtException NoDomain(Guid uuid, string name) =>
        new(ErrorCode.NoDomain, ErrorDomain.Test, $"Domain not found: no domain with matching uuid '{uuid:D}' ({name})");

    public static LibvirtException Internal(string detail) =>
        new(ErrorCode.InternalError, ErrorDomain.Test, "internal error: " + detail);

    /// <summary>OPERATION_INVALID raised by the test driver itself (domain Test).</summary>
    public static LibvirtException Invalid(string detail, ErrorDomain domain = ErrorDomain.Test) =>
        new(ErrorCode.OperationInvalid, domain, "Requested operation is not valid: " + detail);

    /// <summary>virDomainObjCheckActive: raised from the shared domain code (domain Domain).</summary>
    public static LibvirtException NotRunning() => Invalid("domain is not running", ErrorDomain.Domain);

    public static LibvirtException InvalidArg(string detail, ErrorDomain domain = ErrorDomain.Test) =>
        new(ErrorCode.InvalidArg, domain, "invalid argument: " + detail);

    public static LibvirtException OperationFailed(string detail, ErrorDomain domain) =>
        new(ErrorCode.OperationFailed, domain, "operation failed: " + detail);

    /// <summary>The public API's "X in virFoo must not be zero" check.</summary>
    public static LibvirtException NonZero(string argument, string api) =>
        new(ErrorCode.InvalidArg, ErrorDomain.Domain, $"{argument} in {api} must not be zero");

    public static LibvirtException ExclusiveLiveConfig() =>
        new(ErrorCode.InvalidArg, ErrorDomain.Domain, "Flags 'VIR_DOMAIN_AFFECT_LIVE' and 'VIR_DOMAIN_AFFECT_CONFIG' are mutually exclusive");

    public static LibvirtException NoSupport(string api, ErrorDomain domain = ErrorDomain.Domain) => LibvirtException.NoSupport(api, domain);

    /// <summary>A system call failed: libvirt appends strerror(errno).</summary>
    public static LibvirtException System(string detail, string strerror) =>
        new(ErrorCode.SystemError, ErrorDomain.Test, $"{detail}: {strerror}");

    /// <summary>Maps a model parse/validation error to the libvirt error it stands for.</summary>
    public static LibvirtException FromModel(XmlModelException e) => ModelErrors.FromModel(e);

    /// <summary>Runs a model operation, turning its XmlModelException into the equivalent LibvirtException.</summary>
    public static T Model<T>(Func<T> parse) => ModelErrors.Run(parse);

    /// <summary>strerror text for the I/O failures the save/restore code can meet.</summary>
    public static string StrError(Exception e) => e switch
    {
        FileNotFoundException or DirectoryNotFoundException => "No such file or directory",
        UnauthorizedAccessException => "Permission denied",
        PathTooLongException => "File name too long",
        IOException io when io.HResult == 28 || io.Message.Contains("space", StringComparison.OrdinalIgnoreCase) => "No space left on device",
        _ => e.Message,
    };
}
