using System.Globalization;
using System.Text;

namespace Vireo.Model.Domain;

/// <summary>Shared by the test and QEMU drivers: libvirt's CPU set syntax ("0-3,^2,5"), parsed into and formatted from one bool per host CPU.</summary>
public static class CpuBitmap
{
    /// <summary>Parses like virBitmapParse; returns null when the text is malformed.</summary>
    public static bool[]? TryParse(string text, int size)
    {
        var map = new bool[size];
        foreach (var raw in text.Split(','))
        {
            var part = raw.Trim();
            if (part.Length == 0)
                return null;
            bool negate = part[0] == '^';
            if (negate)
                part = part[1..];
            int dash = part.IndexOf('-');
            if (!int.TryParse(dash < 0 ? part : part[..dash], NumberStyles.None, CultureInfo.InvariantCulture, out var start))
                return null;
            int end = start;
            if (dash >= 0 && (negate || !int.TryParse(part[(dash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out end)))
                return null;
            if (end < start)
                return null;
            for (int i = start; i <= end && i < size; i++)
                map[i] = !negate;
        }
        return map;
    }

    /// <summary>Formats like virBitmapFormat: runs of two or more CPUs as "a-b", joined with commas.</summary>
    public static string Format(IReadOnlyList<bool> map)
    {
        var sb = new StringBuilder();
        for (int i = 0; i < map.Count; i++)
        {
            if (!map[i])
                continue;
            int j = i;
            while (j + 1 < map.Count && map[j + 1])
                j++;
            if (sb.Length > 0)
                sb.Append(',');
            sb.Append(i.ToString(CultureInfo.InvariantCulture));
            if (j > i)
                sb.Append('-').Append(j.ToString(CultureInfo.InvariantCulture));
            i = j;
        }
        return sb.ToString();
    }

    /// <summary>All CPUs set.</summary>
    public static bool[] All(int size) => Enumerable.Repeat(true, size).ToArray();

    /// <summary>Highest set CPU, or -1 (virBitmapLastSetBit).</summary>
    public static int LastSet(IReadOnlyList<bool> map)
    {
        for (int i = map.Count - 1; i >= 0; i--)
        {
            if (map[i])
                return i;
        }
        return -1;
    }

    /// <summary>Copies <paramref name="map"/> into an array of exactly <paramref name="size"/> CPUs.</summary>
    public static bool[] Resize(IReadOnlyList<bool> map, int size)
    {
        var r = new bool[size];
        for (int i = 0; i < Math.Min(size, map.Count); i++)
            r[i] = map[i];
        return r;
    }
}
