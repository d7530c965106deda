using Vireo.Protocol.Xdr;

namespace Vireo.Protocol.Remote.Messages;

// Messages of the SASL auth procedures (remote_protocol.x, libvirt 9.0). Field order = wire order.
// The data fields are "char data<REMOTE_AUTH_SASL_DATA_MAX>": rpcgen widens each char to 4 bytes.
// "nil" tells a missing buffer (no data at all) from an empty one, as sasl_*_start/step do.

/// <summary>remote_auth_sasl_init_ret: the mechanisms the server offers, comma separated.</summary>
public sealed record AuthSaslInitRet(string MechList) : IXdrMessage<AuthSaslInitRet>
{
    public void Encode(XdrWriter w) => w.WriteString(MechList);
    public static AuthSaslInitRet Decode(ref XdrReader r) => new(r.ReadString());
}

/// <summary>remote_auth_sasl_start_args: the chosen mechanism and the client's first message.</summary>
public sealed record AuthSaslStartArgs(string Mech, bool Nil, byte[] Data) : IXdrMessage<AuthSaslStartArgs>
{
    public void Encode(XdrWriter w) { w.WriteString(Mech); w.WriteBool(Nil); w.WriteCharArray(Data); }
    public static AuthSaslStartArgs Decode(ref XdrReader r) =>
        new(r.ReadString(), r.ReadInt() != 0, r.ReadCharArray(XdrLimits.AuthSaslDataMax));
}

/// <summary>remote_auth_sasl_step_args: the client's next message.</summary>
public sealed record AuthSaslStepArgs(bool Nil, byte[] Data) : IXdrMessage<AuthSaslStepArgs>
{
    public void Encode(XdrWriter w) { w.WriteBool(Nil); w.WriteCharArray(Data); }
    public static AuthSaslStepArgs Decode(ref XdrReader r) => new(r.ReadInt() != 0, r.ReadCharArray(XdrLimits.AuthSaslDataMax));
}

/// <summary>remote_auth_sasl_start_ret and remote_auth_sasl_step_ret (same layout): done?, and the server's message.</summary>
public sealed record AuthSaslStepRet(bool Complete, bool Nil, byte[] Data) : IXdrMessage<AuthSaslStepRet>
{
    public void Encode(XdrWriter w) { w.WriteBool(Complete); w.WriteBool(Nil); w.WriteCharArray(Data); }
    public static AuthSaslStepRet Decode(ref XdrReader r) =>
        new(r.ReadInt() != 0, r.ReadInt() != 0, r.ReadCharArray(XdrLimits.AuthSaslDataMax));
}
