namespace Vireo.Protocol.Xdr;

/// <summary>Size limits from libvirt 9.0's virnetprotocol.x and remote_protocol.x.</summary>
public static class XdrLimits
{
    /// <summary>VIR_NET_MESSAGE_MAX: largest packet, excluding the 4-byte length word.</summary>
    public const int MessageMax = 33554432;
    public const int HeaderSize = 24;
    /// <summary>Stream chunk size both libvirt sides use (VIR_NET_MESSAGE_LEGACY_PAYLOAD_MAX).</summary>
    public const int StreamChunk = 262120;
    /// <summary>REMOTE_STRING_MAX / VIR_NET_MESSAGE_STRING_MAX.</summary>
    public const int StringMax = 4194304;
    public const int AuthTypeListMax = 20;
    public const int DomainListMax = 16384;
    public const int NetworkListMax = 16384;
    public const int StoragePoolListMax = 16384;
    public const int StorageVolListMax = 16384;
    public const int NodeDeviceListMax = 65536;
    public const int CpumapMax = 2048;
    public const int CpumapsMax = 8388608;
    public const int VcpuinfoMax = 16384;
    public const int TypedParamsMax = 64;
    public const int SecurityLabelMax = 4097;
    public const int SecurityModelMax = 257;
    public const int SecurityDoiMax = 257;
    public const int DomainEventGraphicsIdentityMax = 20;
    public const int MigrateCookieMax = 4194304;
    public const int DomainMessagesMax = 2048;
    public const int DomainInterfaceMax = 2048;
    public const int DomainIpAddrMax = 2048;
    public const int NetworkDhcpLeasesMax = 65536;
    public const int DomainSnapshotListMax = 16384;
    public const int ConnectCpuModelsMax = 8192;
    public const int AuthSaslDataMax = 65536;
}
