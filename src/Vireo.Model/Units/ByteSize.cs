using System.Globalization;
using Vireo.Model.Xml;

namespace Vireo.Model.Units;

/// <summary>libvirt's scaled integers: a number plus a unit suffix (b, KB, KiB, k, MB, M, MiB ... EiB), as in XML unit= and virsh sizes.</summary>
public static class ByteSize
{
    /// <summary>Largest byte count libvirt accepts for memory and storage sizes (LLONG_MAX).</summary>
    public const ulong MaxBytes = long.MaxValue;

    /// <summary>Multiplier for a unit suffix as libvirt's virScaleInteger reads it; empty means <paramref name="defaultScale"/>.</summary>
    public static bool TryGetScale(string? suffix, ulong defaultScale, out ulong scale)
    {
        scale = defaultScale;
        if (string.IsNullOrEmpty(suffix))
            return true;
        if (Eq(suffix, "b") || Eq(suffix, "byte") || Eq(suffix, "bytes"))
        {
            scale = 1;
            return true;
        }
        ulong baseValue;
        if (suffix.Length == 1 || Eq(suffix[1..], "iB"))
            baseValue = 1024;
        else if (suffix.Length == 2 && char.ToLowerInvariant(suffix[1]) == 'b')
            baseValue = 1000;
        else
            return false;
        int power = char.ToLowerInvariant(suffix[0]) switch
        {
            'k' => 1,
            'm' => 2,
            'g' => 3,
            't' => 4,
            'p' => 5,
            'e' => 6,
            _ => -1,
        };
        if (power < 0)
            return false;
        scale = 1;
        for (int i = 0; i < power; i++)
            scale *= baseValue;
        return true;
    }

    /// <summary>Scales <paramref name="value"/> by <paramref name="suffix"/>; throws libvirt's "unknown suffix" or "value too large" errors.</summary>
    public static ulong Scale(ulong value, string? suffix, ulong defaultScale, ulong limit = MaxBytes)
    {
        if (!TryGetScale(suffix, defaultScale, out var scale))
            throw XmlModelException.InvalidArgument($"unknown suffix '{suffix}'");
        if (value != 0 && value > limit / scale)
            throw new XmlModelException(XmlModelException.Overflow, XmlModelException.FromNone,
                $"numerical overflow: value too large: {value.ToString(CultureInfo.InvariantCulture)}{suffix}");
        return value * scale;
    }

    /// <summary>Parses a virsh-style size such as "1024", "512M", "2GiB" or "1G" into bytes; a bare number is in <paramref name="defaultScale"/> units (1024 for KiB).</summary>
    public static ulong Parse(string text, ulong defaultScale = 1, ulong limit = MaxBytes)
    {
        if (!TryParse(text, defaultScale, out var bytes, out var error, limit))
            throw error!;
        return bytes;
    }

    /// <summary>Non-throwing form of <see cref="Parse"/>.</summary>
    public static bool TryParse(string? text, ulong defaultScale, out ulong bytes, out XmlModelException? error, ulong limit = MaxBytes)
    {
        bytes = 0;
        error = null;
        text = text?.Trim() ?? "";
        int i = 0;
        while (i < text.Length && char.IsAsciiDigit(text[i]))
            i++;
        if (i == 0 || !ulong.TryParse(text.AsSpan(0, i), NumberStyles.None, CultureInfo.InvariantCulture, out var value))
        {
            error = XmlModelException.InvalidArgument($"invalid size '{text}'");
            return false;
        }
        try
        {
            bytes = Scale(value, text[i..], defaultScale, limit);
            return true;
        }
        catch (XmlModelException ex)
        {
            error = ex;
            return false;
        }
    }

    /// <summary>Parses a memory size as virsh does for setmem/setmaxmem: a bare number is KiB; the result is KiB, rounded up.</summary>
    public static ulong ParseToKiB(string text) => BytesToKiBRoundUp(Parse(text, 1024));

    /// <summary>Bytes to KiB rounding up, as libvirt stores memory (VIR_DIV_UP).</summary>
    public static ulong BytesToKiBRoundUp(ulong bytes) => bytes / 1024 + (bytes % 1024 == 0 ? 0UL : 1UL);

    /// <summary>Formats bytes the way virsh prints sizes ("1.00 GiB"): the largest unit where the value is at least 1.</summary>
    public static string FormatHuman(ulong bytes)
    {
        string[] units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"];
        double v = bytes;
        int u = 0;
        while (v >= 1024 && u < units.Length - 1)
        {
            v /= 1024;
            u++;
        }
        return v.ToString("0.00", CultureInfo.InvariantCulture) + " " + units[u];
    }

    private static bool Eq(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
}
