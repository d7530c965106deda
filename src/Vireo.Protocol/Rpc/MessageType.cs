namespace Vireo.Protocol.Rpc;

/// <summary>virNetMessageType: what a packet is.</summary>
public enum MessageType
{
    Call = 0,
    Reply = 1,
    Message = 2,
    Stream = 3,
    CallWithFds = 4,
    ReplyWithFds = 5,
    StreamHole = 6,
}
