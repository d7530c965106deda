using Vireo.Protocol.Xdr;

namespace Vireo.Protocol.Remote;

/// <summary>virTypedParameterType: the discriminant of remote_typed_param_value.</summary>
public enum TypedParameterType { Int = 1, UInt = 2, LLong = 3, ULLong = 4, Double = 5, Boolean = 6, String = 7 }

/// <summary>remote_typed_param: a named value of one of seven types.</summary>
public sealed record TypedParameter(string Field, TypedParameterType Type, long IntegerValue = 0, double DoubleValue = 0, string? StringValue = null)
    : IXdrMessage<TypedParameter>
{
    /// <summary>Longest field name: VIR_TYPED_PARAM_FIELD_LENGTH (80) includes the NUL.</summary>
    public const int FieldMax = 79;

    /// <summary>VIR_TYPED_PARAM_STRING_OKAY: the client accepts string parameters.</summary>
    public const uint StringOkayFlag = 4;

    public static TypedParameter Int(string f, int v) => new(f, TypedParameterType.Int, v);
    public static TypedParameter UInt(string f, uint v) => new(f, TypedParameterType.UInt, v);
    public static TypedParameter LLong(string f, long v) => new(f, TypedParameterType.LLong, v);
    public static TypedParameter ULLong(string f, ulong v) => new(f, TypedParameterType.ULLong, unchecked((long)v));
    public static TypedParameter Dbl(string f, double v) => new(f, TypedParameterType.Double, DoubleValue: v);
    public static TypedParameter Bool(string f, bool v) => new(f, TypedParameterType.Boolean, v ? 1 : 0);
    public static TypedParameter Str(string f, string v) => new(f, TypedParameterType.String, StringValue: v);

    public ulong UnsignedValue => unchecked((ulong)IntegerValue);

    public void Encode(XdrWriter w)
    {
        w.WriteString(Field);
        w.WriteInt((int)Type);
        switch (Type)
        {
            case TypedParameterType.Int: w.WriteInt((int)IntegerValue); break;
            case TypedParameterType.UInt: w.WriteUInt((uint)IntegerValue); break;
            case TypedParameterType.LLong: w.WriteHyper(IntegerValue); break;
            case TypedParameterType.ULLong: w.WriteUHyper(UnsignedValue); break;
            case TypedParameterType.Double: w.WriteDouble(DoubleValue); break;
            case TypedParameterType.Boolean: w.WriteInt(IntegerValue != 0 ? 1 : 0); break;
            case TypedParameterType.String: w.WriteString(StringValue ?? ""); break;
            default: throw new XdrException($"typed parameter '{Field}' has unknown type {(int)Type}");
        }
    }

    public static TypedParameter Decode(ref XdrReader r)
    {
        string field = r.ReadString(FieldMax);
        var type = (TypedParameterType)r.ReadInt();
        return type switch
        {
            TypedParameterType.Int => new(field, type, r.ReadInt()),
            TypedParameterType.UInt => new(field, type, r.ReadUInt()),
            TypedParameterType.LLong => new(field, type, r.ReadHyper()),
            TypedParameterType.ULLong => new(field, type, unchecked((long)r.ReadUHyper())),
            TypedParameterType.Double => new(field, type, DoubleValue: r.ReadDouble()),
            TypedParameterType.Boolean => new(field, type, r.ReadInt() != 0 ? 1 : 0),
            TypedParameterType.String => new(field, type, StringValue: r.ReadString()),
            _ => throw new XdrException($"typed parameter '{field}' has unknown type {(int)type}"),
        };
    }

    /// <summary>The value as virsh prints it.</summary>
    public override string ToString() => Type switch
    {
        TypedParameterType.Double => DoubleValue.ToString("F6", System.Globalization.CultureInfo.InvariantCulture),
        TypedParameterType.Boolean => IntegerValue != 0 ? "yes" : "no",
        TypedParameterType.String => StringValue ?? "",
        TypedParameterType.ULLong => UnsignedValue.ToString(System.Globalization.CultureInfo.InvariantCulture),
        _ => IntegerValue.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
