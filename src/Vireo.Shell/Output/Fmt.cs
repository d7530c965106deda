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

    /// <summary>"%.Nf" (also "%.Nlf"), rounding as glibc does (exact binary value, ties to even).</summary>
    public static string Fixed(double v, int decimals) => v.ToString("F" + decimals.ToString(C), C);

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
