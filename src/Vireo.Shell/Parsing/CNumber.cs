using System.Globalization;

namespace Vireo.Shell.Parsing;

/// <summary>
/// libvirt's virStrToLong_* family (strtol/strtoul semantics): optional leading blanks and sign, base 10, 16 or 0
/// (auto: 0x = hex, leading 0 = octal), and the whole string must be consumed unless a suffix is wanted.
/// </summary>
public static class CNumber
{
    /// <summary>strtoul-like scan: the magnitude, whether a '-' was seen, and how many characters were used (0 = none).</summary>
    private static bool Scan(string s, int numberBase, out ulong magnitude, out bool negative, out int end)
    {
        magnitude = 0;
        negative = false;
        end = 0;
        int p = 0;
        while (p < s.Length && char.IsWhiteSpace(s[p])) p++;
        if (p < s.Length && s[p] is '+' or '-')
        {
            negative = s[p] == '-';
            p++;
        }
        int b = numberBase;
        if ((b == 0 || b == 16) && p + 1 < s.Length && s[p] == '0' && (s[p + 1] | 0x20) == 'x' && p + 2 < s.Length && Uri.IsHexDigit(s[p + 2]))
        {
            p += 2;
            b = 16;
        }
        else if (b == 0)
        {
            b = p < s.Length && s[p] == '0' ? 8 : 10;
        }
        int start = p;
        bool overflow = false;
        while (p < s.Length)
        {
            int d = s[p] switch
            {
                >= '0' and <= '9' => s[p] - '0',
                >= 'a' and <= 'z' => s[p] - 'a' + 10,
                >= 'A' and <= 'Z' => s[p] - 'A' + 10,
                _ => 99,
            };
            if (d >= b) break;
            ulong next = unchecked(magnitude * (ulong)b + (ulong)d);
            if (magnitude > (ulong.MaxValue - (ulong)d) / (ulong)b) overflow = true;
            magnitude = next;
            p++;
        }
        if (p == start) return false;
        end = p;
        return !overflow;
    }

    /// <summary>virStrToLong_i.</summary>
    public static bool TryInt(string s, out int value, int numberBase = 10)
    {
        value = 0;
        if (!TryLong(s, out long l, numberBase) || l is < int.MinValue or > int.MaxValue) return false;
        value = (int)l;
        return true;
    }

    /// <summary>virStrToLong_ll.</summary>
    public static bool TryLong(string s, out long value, int numberBase = 10)
    {
        value = 0;
        if (!Scan(s, numberBase, out ulong m, out bool neg, out int end) || end != s.Length) return false;
        if (neg ? m > (ulong)long.MaxValue + 1 : m > long.MaxValue) return false;
        value = neg ? unchecked(-(long)m) : (long)m;
        return true;
    }

    /// <summary>virStrToLong_ui (allowPositiveOnly: virStrToLong_uip, which rejects any '-').</summary>
    public static bool TryUInt(string s, out uint value, bool positiveOnly, int numberBase = 10)
    {
        value = 0;
        if (!TryULongCore(s, out ulong v, positiveOnly, numberBase, out _, requireEnd: true)) return false;
        if (v > uint.MaxValue)
        {
            // "-1" is UINT_MAX: a negative value wraps within 32 bits when its magnitude fits
            if (positiveOnly || !s.Contains('-') || unchecked(0 - v) > uint.MaxValue) return false;
            v &= 0xffffffff;
        }
        value = (uint)v;
        return true;
    }

    /// <summary>virStrToLong_ull (positiveOnly: virStrToLong_ullp).</summary>
    public static bool TryULong(string s, out ulong value, bool positiveOnly, int numberBase = 10) =>
        TryULongCore(s, out value, positiveOnly, numberBase, out _, requireEnd: true);

    /// <summary>Like <see cref="TryULong"/> but stops at the first non-digit and returns the rest (a unit suffix).</summary>
    public static bool TryULongWithSuffix(string s, out ulong value, out string suffix)
    {
        suffix = "";
        if (!TryULongCore(s, out value, positiveOnly: true, 10, out int end, requireEnd: false)) return false;
        suffix = s[end..];
        return true;
    }

    private static bool TryULongCore(string s, out ulong value, bool positiveOnly, int numberBase, out int end, bool requireEnd)
    {
        value = 0;
        if (!Scan(s, numberBase, out ulong m, out bool neg, out end)) return false;
        if (requireEnd && end != s.Length) return false;
        if (neg && positiveOnly) return false;
        value = neg ? unchecked(0 - m) : m;
        return true;
    }

    /// <summary>C's "%d"-style invariant formatting.</summary>
    public static string Format(long v) => v.ToString(CultureInfo.InvariantCulture);
}
