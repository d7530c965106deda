namespace Vireo.Protocol.Rpc;

/// <summary>virNetMessageStatus.</summary>
public enum MessageStatus
{
    Ok = 0,
    Error = 1,
    Continue = 2,
}
