using Vireo.Protocol.Errors;
using Vireo.Storage.Host;

namespace Vireo.Storage;

/// <summary>The storage driver's errors, worded as libvirt 9.0's storage driver words them.</summary>
internal static class StorageErrors
{
    public static LibvirtException NoPool(string name) =>
        new(ErrorCode.NoStoragePool, ErrorDomain.Storage, $"Storage pool not found: no storage pool with matching name '{name}'");

    public static LibvirtException NoPoolUuid(Guid uuid) =>
        new(ErrorCode.NoStoragePool, ErrorDomain.Storage, $"Storage pool not found: no storage pool with matching uuid '{uuid:D}'");

    public static LibvirtException NoVol(string detail) =>
        new(ErrorCode.NoStorageVol, ErrorDomain.Storage, "Storage volume not found: " + detail);

    public static LibvirtException VolExists(string name) =>
        new(ErrorCode.StorageVolExist, ErrorDomain.Storage, $"storage volume '{name}' exists already");

    public static LibvirtException Invalid(string detail) => LibvirtException.Invalid(detail, ErrorDomain.Storage);

    public static LibvirtException InvalidArg(string detail) => LibvirtException.InvalidArg(detail, ErrorDomain.Storage);

    public static LibvirtException Failed(string detail) =>
        new(ErrorCode.OperationFailed, ErrorDomain.Storage, "operation failed: " + detail);

    public static LibvirtException Internal(string detail) =>
        new(ErrorCode.InternalError, ErrorDomain.Storage, "internal error: " + detail);

    public static LibvirtException Unsupported(string detail) =>
        new(ErrorCode.ConfigUnsupported, ErrorDomain.Storage, "unsupported configuration: " + detail);

    /// <summary>A failed system call: "what: strerror(errno)".</summary>
    public static LibvirtException System(string what, int errno) =>
        new(ErrorCode.SystemError, ErrorDomain.Storage, what + ": " + Native.ErrorText(errno));

    /// <summary>An I/O exception from .NET as a libvirt system error about <paramref name="what"/>.</summary>
    public static LibvirtException System(string what, Exception e) =>
        new(ErrorCode.SystemError, ErrorDomain.Storage, what + ": " + e.Message);

    public static void CheckFlags(uint flags, uint allowed, string function)
    {
        if ((flags & ~allowed) != 0)
            throw StorageErrors.InvalidArg($"{function}: unsupported flags (0x{flags & ~allowed:x})");
    }
}
