using System.Globalization;

namespace Vireo.Shell.Output;

/// <summary>The printf conversions virsh's output relies on, in the invariant culture.</summary>
public static class Fmt
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    /// <summary>"%-Ns": left-justified in <paramref name="width"/> columns (never truncated).</summary>
    public static string Left(string s, int width) => s.Length >= width ? s : s + new string(' ', width - s.Length);

    /// <summary>"%Ns": right-justified.</summary>
    public static string Right(string s, int width) => s.Length >= width ? s : new string(' ', width - s.Length) + s;

    /// <summary>"%d" / "%lld" / "%llu".</summary>
    public static string Num(long v) => v.ToString(C);

    public static string Num(ulong v) => v.ToString(C);

    /// <summary>
    /// "%.Nf" (also "%.Nlf") as glibc prints it: the exact binary value rounded to N decimals, ties to even
    /// (0.25 → "0.2"), which .NET's "F" format does not guarantee.
    /// </summary>
    public static string Fixed(double v, int decimals)
    {
        if (double.IsNaN(v) || double.IsInfinity(v)) return v.ToString(C);
        bool negative = v < 0 || (v == 0 && double.IsNegative(v));
        long bits = BitConverter.DoubleToInt64Bits(Math.Abs(v));
        int exp = (int)((bits >> 52) & 0x7FF);
        long frac = bits & 0xFFFFFFFFFFFFFL;
        System.Numerics.BigInteger mantissa = exp == 0 ? frac : frac | (1L << 52);
        int e = exp == 0 ? -1074 : exp - 1075;
        var scale = System.Numerics.BigInteger.Pow(10, decimals);
        System.Numerics.BigInteger q;
        if (e >= 0)
        {
            q = (mantissa << e) * scale;
        }
        else
        {
            var num = mantissa * scale;
            var den = System.Numerics.BigInteger.One << -e;
            q = System.Numerics.BigInteger.DivRem(num, den, out var r);
            int cmp = (r * 2).CompareTo(den);
            if (cmp > 0 || cmp == 0 && !q.IsEven) q += 1;
        }
        string digits = q.ToString(C).PadLeft(decimals + 1, '0');
        string text = decimals == 0 ? digits : digits[..^decimals] + "." + digits[^decimals..];
        return negative ? "-" + text : text;
    }

    /// <summary>vshPrettyCapacity: a byte count in the largest unit below 1024 (B, KiB ... EiB).</summary>
    public static (double Value, string Unit) PrettyCapacity(ulong bytes)
    {
        string[] units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"];
        double limit = 1024;
        if (bytes < limit) return (bytes, "B");
        for (int i = 1; i < units.Length - 1; i++)
        {
            limit *= 1024;
            if (bytes < limit) return (bytes / (limit / 1024), units[i]);
        }
        limit *= 1024;
        return (bytes / (limit / 1024), "EiB");
    }

    /// <summary>virTypedParameterToString / vshGetTypedParamValue: "%d", "%u", "%lld", "%llu", "%f", yes/no, string.</summary>
    public static string Param(Vireo.Protocol.Remote.TypedParameter p) => p.Type switch
    {
        Vireo.Protocol.Remote.TypedParameterType.Double => p.DoubleValue.ToString("F6", C),
        Vireo.Protocol.Remote.TypedParameterType.Boolean => p.IntegerValue != 0 ? "yes" : "no",
        Vireo.Protocol.Remote.TypedParameterType.String => p.StringValue ?? "",
        Vireo.Protocol.Remote.TypedParameterType.ULLong => p.UnsignedValue.ToString(C),
        Vireo.Protocol.Remote.TypedParameterType.UInt => ((uint)p.IntegerValue).ToString(C),
        _ => p.IntegerValue.ToString(C),
    };

    /// <summary>virBitmapDataFormat: the set bits as ranges, "0-3,5,7-8".</summary>
    public static string BitmapRanges(ReadOnlySpan<byte> map)
    {
        var parts = new List<string>();
        int n = map.Length * 8, i = 0;
        while (i < n)
        {
            if ((map[i / 8] & (1 << (i % 8))) == 0)
            {
                i++;
                continue;
            }
            int start = i;
            while (i + 1 < n && (map[(i + 1) / 8] & (1 << ((i + 1) % 8))) != 0) i++;
            parts.Add(start == i ? start.ToString(C) : $"{start}-{i}");
            i++;
        }
        return string.Join(',', parts);
    }
}
