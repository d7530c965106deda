using Vireo.Protocol.Xdr;

namespace Vireo.Protocol.Remote.Messages;

// Wire records of the migration procedures: version 3 with parameters (remote_protocol.x 302-307) and the
// migration tunables (166, 207, 242, 387). Field order = wire order.

/// <summary>REMOTE_DOMAIN_MIGRATE_PARAM_LIST_MAX and REMOTE_MIGRATE_COOKIE_MAX.</summary>
public static class MigrateLimits
{
    public const int ParamListMax = 64, CookieMax = 4194304;

    public static void WriteParams(XdrWriter w, TypedParameter[] p)
    {
        if (p.Length > ParamListMax) throw new XdrException($"migration parameters: {p.Length} exceed the XDR limit of {ParamListMax}");
        XdrCodec.WriteArray(w, p);
    }

    public static TypedParameter[] ReadParams(ref XdrReader r) => XdrCodec.ReadArray<TypedParameter>(ref r, ParamListMax);
}

/// <summary>remote_domain_migrate_begin3_params_args (302).</summary>
public sealed record MigrateBegin3ParamsArgs(RemoteNonnullDomain Dom, TypedParameter[] Params, uint Flags) : IXdrMessage<MigrateBegin3ParamsArgs>
{
    public void Encode(XdrWriter w) { Dom.Encode(w); MigrateLimits.WriteParams(w, Params); w.WriteUInt(Flags); }
    public static MigrateBegin3ParamsArgs Decode(ref XdrReader r) => new(RemoteNonnullDomain.Decode(ref r), MigrateLimits.ReadParams(ref r), r.ReadUInt());
}

/// <summary>remote_domain_migrate_begin3_params_ret (302).</summary>
public sealed record MigrateBegin3ParamsRet(byte[] CookieOut, string Xml) : IXdrMessage<MigrateBegin3ParamsRet>
{
    public void Encode(XdrWriter w) { w.WriteOpaque(CookieOut); w.WriteString(Xml); }
    public static MigrateBegin3ParamsRet Decode(ref XdrReader r) => new(r.ReadOpaque(MigrateLimits.CookieMax), r.ReadString());
}

/// <summary>remote_domain_migrate_prepare3_params_args (303).</summary>
public sealed record MigratePrepare3ParamsArgs(TypedParameter[] Params, byte[] CookieIn, uint Flags) : IXdrMessage<MigratePrepare3ParamsArgs>
{
    public void Encode(XdrWriter w) { MigrateLimits.WriteParams(w, Params); w.WriteOpaque(CookieIn); w.WriteUInt(Flags); }
    public static MigratePrepare3ParamsArgs Decode(ref XdrReader r) => new(MigrateLimits.ReadParams(ref r), r.ReadOpaque(MigrateLimits.CookieMax), r.ReadUInt());
}

/// <summary>remote_domain_migrate_prepare3_params_ret (303).</summary>
public sealed record MigratePrepare3ParamsRet(byte[] CookieOut, string? UriOut) : IXdrMessage<MigratePrepare3ParamsRet>
{
    public void Encode(XdrWriter w) { w.WriteOpaque(CookieOut); w.WriteOptionalString(UriOut); }
    public static MigratePrepare3ParamsRet Decode(ref XdrReader r) => new(r.ReadOpaque(MigrateLimits.CookieMax), r.ReadOptionalString());
}

/// <summary>remote_domain_migrate_perform3_params_args (305): dconnuri is set for peer-to-peer only.</summary>
public sealed record MigratePerform3ParamsArgs(RemoteNonnullDomain Dom, string? Dconnuri, TypedParameter[] Params, byte[] CookieIn, uint Flags)
    : IXdrMessage<MigratePerform3ParamsArgs>
{
    public void Encode(XdrWriter w)
    {
        Dom.Encode(w); w.WriteOptionalString(Dconnuri); MigrateLimits.WriteParams(w, Params); w.WriteOpaque(CookieIn); w.WriteUInt(Flags);
    }

    public static MigratePerform3ParamsArgs Decode(ref XdrReader r) =>
        new(RemoteNonnullDomain.Decode(ref r), r.ReadOptionalString(), MigrateLimits.ReadParams(ref r), r.ReadOpaque(MigrateLimits.CookieMax), r.ReadUInt());
}

/// <summary>Ret { opaque cookie_out&lt;&gt;; }: remote_domain_migrate_perform3_params_ret (305).</summary>
public sealed record MigrateCookieRet(byte[] CookieOut) : IXdrMessage<MigrateCookieRet>
{
    public void Encode(XdrWriter w) => w.WriteOpaque(CookieOut);
    public static MigrateCookieRet Decode(ref XdrReader r) => new(r.ReadOpaque(MigrateLimits.CookieMax));
}

/// <summary>remote_domain_migrate_finish3_params_args (306).</summary>
public sealed record MigrateFinish3ParamsArgs(TypedParameter[] Params, byte[] CookieIn, uint Flags, int Cancelled) : IXdrMessage<MigrateFinish3ParamsArgs>
{
    public void Encode(XdrWriter w) { MigrateLimits.WriteParams(w, Params); w.WriteOpaque(CookieIn); w.WriteUInt(Flags); w.WriteInt(Cancelled); }
    public static MigrateFinish3ParamsArgs Decode(ref XdrReader r) =>
        new(MigrateLimits.ReadParams(ref r), r.ReadOpaque(MigrateLimits.CookieMax), r.ReadUInt(), r.ReadInt());
}

/// <summary>remote_domain_migrate_finish3_params_ret (306).</summary>
public sealed record MigrateFinish3ParamsRet(RemoteNonnullDomain Dom, byte[] CookieOut) : IXdrMessage<MigrateFinish3ParamsRet>
{
    public void Encode(XdrWriter w) { Dom.Encode(w); w.WriteOpaque(CookieOut); }
    public static MigrateFinish3ParamsRet Decode(ref XdrReader r) => new(RemoteNonnullDomain.Decode(ref r), r.ReadOpaque(MigrateLimits.CookieMax));
}

/// <summary>remote_domain_migrate_confirm3_params_args (307).</summary>
public sealed record MigrateConfirm3ParamsArgs(RemoteNonnullDomain Dom, TypedParameter[] Params, byte[] CookieIn, uint Flags, int Cancelled)
    : IXdrMessage<MigrateConfirm3ParamsArgs>
{
    public void Encode(XdrWriter w)
    {
        Dom.Encode(w); MigrateLimits.WriteParams(w, Params); w.WriteOpaque(CookieIn); w.WriteUInt(Flags); w.WriteInt(Cancelled);
    }

    public static MigrateConfirm3ParamsArgs Decode(ref XdrReader r) =>
        new(RemoteNonnullDomain.Decode(ref r), MigrateLimits.ReadParams(ref r), r.ReadOpaque(MigrateLimits.CookieMax), r.ReadUInt(), r.ReadInt());
}

/// <summary>remote_domain_migrate_prepare_tunnel3_params_args (304): the migration stream follows on the call's RPC stream.</summary>
public sealed record MigratePrepareTunnel3ParamsArgs(TypedParameter[] Params, byte[] CookieIn, uint Flags) : IXdrMessage<MigratePrepareTunnel3ParamsArgs>
{
    public void Encode(XdrWriter w) { MigrateLimits.WriteParams(w, Params); w.WriteOpaque(CookieIn); w.WriteUInt(Flags); }
    public static MigratePrepareTunnel3ParamsArgs Decode(ref XdrReader r) => new(MigrateLimits.ReadParams(ref r), r.ReadOpaque(MigrateLimits.CookieMax), r.ReadUInt());
}

/// <summary>Ret { opaque cookie_out&lt;&gt;; }: remote_domain_migrate_prepare_tunnel3_params_ret (304).</summary>
public sealed record MigratePrepareTunnel3ParamsRet(byte[] CookieOut) : IXdrMessage<MigratePrepareTunnel3ParamsRet>
{
    public void Encode(XdrWriter w) => w.WriteOpaque(CookieOut);
    public static MigratePrepareTunnel3ParamsRet Decode(ref XdrReader r) => new(r.ReadOpaque(MigrateLimits.CookieMax));
}

/// <summary>
/// Args { domain dom; unsigned hyper value; unsigned int flags; }: migrate_set_max_downtime (166, ms) and
/// migrate_set_max_speed (207, MiB/s).
/// </summary>
public sealed record DomainMigrateSetValueArgs(RemoteNonnullDomain Dom, ulong Value, uint Flags) : IXdrMessage<DomainMigrateSetValueArgs>
{
    public void Encode(XdrWriter w) { Dom.Encode(w); w.WriteUHyper(Value); w.WriteUInt(Flags); }
    public static DomainMigrateSetValueArgs Decode(ref XdrReader r) => new(RemoteNonnullDomain.Decode(ref r), r.ReadUHyper(), r.ReadUInt());
}
