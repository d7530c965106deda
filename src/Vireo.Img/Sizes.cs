using System.Globalization;

namespace Vireo.Img;

/// <summary>qemu's size syntax (suffixes k M G T P E, binary; fractions allowed) and its human size printing.</summary>
internal static class Sizes
{
    /// <summary>Parses "10G", "1.5M", "512" (bytes); <paramref name="defaultSuffix"/> applies without a suffix.</summary>
    public static bool TryParse(string s, out long value, char defaultSuffix = 'B')
    {
        value = 0;
        s = s.Trim();
        if (s.Length == 0)
            return false;
        char suffix = defaultSuffix;
        string num = s;
        if (char.IsLetter(s[^1]))
        {
            suffix = s[^1];
            num = s[..^1];
        }
        int shift = char.ToUpperInvariant(suffix) switch
        {
            'B' => 0,
            'K' => 10,
            'M' => 20,
            'G' => 30,
            'T' => 40,
            'P' => 50,
            'E' => 60,
            _ => -1,
        };
        if (shift < 0 || num.Length == 0 || num.StartsWith('-'))
            return false;
        if (!decimal.TryParse(num, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var d))
            return false;
        decimal v = d * (decimal)Math.Pow(2, shift);
        if (v > long.MaxValue)
            return false;
        value = (long)decimal.Floor(v);
        // qemu refuses fractions that do not yield whole bytes
        return v == decimal.Floor(v) || shift > 0;
    }

    /// <summary>qemu's size_to_str: three significant digits with a binary unit ("196 KiB", "1.26 MiB").</summary>
    public static string Human(long val)
    {
        string[] suffixes = { "B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB" };
        double v = val / (1000.0 / 1024.0);
        int e = v == 0 ? 0 : (int)Math.Floor(Math.Log2(v)) + 1; // frexp's exponent
        int i = Math.Max(0, (e - 1) / 10);
        double div = Math.Pow(2, i * 10);
        return FormatG3(val / div) + " " + suffixes[i];
    }

    /// <summary>C's "%0.3g".</summary>
    public static string FormatG3(double x)
    {
        if (x == 0)
            return "0";
        string s = x.ToString("G3", CultureInfo.InvariantCulture);
        if (s.Contains('E'))
        {
            // %g switches to exponent form at 1e3 for precision 3: 1e+03
            var parts = s.Split('E');
            int exp = int.Parse(parts[1], CultureInfo.InvariantCulture);
            return parts[0] + "e" + (exp < 0 ? "-" : "+") + Math.Abs(exp).ToString("00", CultureInfo.InvariantCulture);
        }
        return s;
    }
}
