using System.Globalization;
using Vireo.Model.Xml;
using Vireo.Protocol.Errors;

namespace Vireo.Drivers.Qemu;

/// <summary>The errors the QEMU driver raises, coded and worded as libvirt's qemu driver does (VIR_FROM_QEMU unless noted).</summary>
public static class QemuErrors
{
    /// <summary>virCheckFlags: "unsupported flags (0x4) in function qemuDomainUndefineFlags".</summary>
    public static void CheckFlags(uint flags, uint allowed, string function)
    {
        uint bad = flags & ~allowed;
        if (bad != 0)
            throw new LibvirtException(ErrorCode.InvalidArg, ErrorDomain.Qemu,
                $"unsupported flags (0x{bad.ToString("x", CultureInfo.InvariantCulture)}) in function {function}");
    }

    /// <summary>Lookup found nothing: "Domain not found: no domain with matching name 'x'".</summary>
    public static LibvirtException NoDomain(string detail) => new(ErrorCode.NoDomain, ErrorDomain.Qemu, "Domain not found: " + detail);

    /// <summary>A handle whose domain is gone (qemuDomainObjFromDomain).</summary>
    public static LibvirtException NoDomain(Guid uuid, string name) =>
        NoDomain($"no domain with matching uuid '{uuid:D}' ({name})");

    /// <summary>INVALID_ARG: "invalid argument: ...".</summary>
    public static LibvirtException InvalidArg(string detail) => new(ErrorCode.InvalidArg, ErrorDomain.Qemu, "invalid argument: " + detail);

    /// <summary>A disk name that is not in the domain: "invalid argument: invalid path: vdz".</summary>
    public static LibvirtException InvalidArgNoDisk(string disk) =>
        new(ErrorCode.InvalidArg, ErrorDomain.Qemu, $"invalid argument: invalid path: {disk}");

    public static LibvirtException Internal(string detail) => new(ErrorCode.InternalError, ErrorDomain.Qemu, "internal error: " + detail);

    /// <summary>OPERATION_INVALID, e.g. "domain is not running" (raised from the shared domain code in libvirt).</summary>
    public static LibvirtException Invalid(string detail, ErrorDomain domain = ErrorDomain.Qemu) =>
        new(ErrorCode.OperationInvalid, domain, "Requested operation is not valid: " + detail);

    /// <summary>virDomainObjCheckActive.</summary>
    public static LibvirtException NotRunning() => Invalid("domain is not running", ErrorDomain.Domain);

    public static LibvirtException OperationFailed(string detail, ErrorDomain domain = ErrorDomain.Qemu) =>
        new(ErrorCode.OperationFailed, domain, "operation failed: " + detail);

    /// <summary>CONFIG_UNSUPPORTED: "unsupported configuration: ...".</summary>
    public static LibvirtException Unsupported(string detail) =>
        new(ErrorCode.ConfigUnsupported, ErrorDomain.Qemu, "unsupported configuration: " + detail);

    public static LibvirtException Timeout(string detail) =>
        new(ErrorCode.OperationTimeout, ErrorDomain.Qemu, "operation timed out: " + detail);

    /// <summary>A system call failed: libvirt appends strerror(errno).</summary>
    public static LibvirtException System(string detail, string strerror) =>
        new(ErrorCode.SystemError, ErrorDomain.Qemu, $"{detail}: {strerror}");

    /// <summary>Maps a model parse/validation error to the libvirt error it stands for.</summary>
    public static LibvirtException FromModel(XmlModelException e) => ModelErrors.FromModel(e);

    /// <summary>Runs a model operation, turning its XmlModelException into the equivalent LibvirtException.</summary>
    public static T Model<T>(Func<T> parse) => ModelErrors.Run(parse);

    /// <summary>strerror text for common I/O failures.</summary>
    public static string StrError(Exception e) => e switch
    {
        FileNotFoundException or DirectoryNotFoundException => "No such file or directory",
        UnauthorizedAccessException => "Permission denied",
        _ => e.Message,
    };
}
