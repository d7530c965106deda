namespace Vireo.Protocol.Xdr;

/// <summary>Raised when XDR data is truncated, oversized or otherwise cannot be decoded.</summary>
public sealed class XdrException(string message) : IOException(message);
