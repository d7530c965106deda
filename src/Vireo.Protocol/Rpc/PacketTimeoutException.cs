namespace Vireo.Protocol.Rpc;

/// <summary>A peer started a packet and did not finish it in time (a stalled or slow-loris client).</summary>
public sealed class PacketTimeoutException(string message) : IOException(message);
