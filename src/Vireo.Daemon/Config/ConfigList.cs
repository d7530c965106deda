namespace Vireo.Daemon.Config;

/// <summary>A libvirtd.conf list value: <c>["a", "b,c"]</c> — quoted strings, so items may contain commas.</summary>
public static class ConfigList
{
    public static List<string> Parse(string value, string where)
    {
        value = value.Trim();
        if (!value.StartsWith('[') || !value.EndsWith(']'))
            throw new FormatException($"{where}: expected a list like [\"a\", \"b\"], got '{value}'");
        var items = new List<string>();
        int i = 1, end = value.Length - 1;
        while (i < end)
        {
            char c = value[i];
            if (char.IsWhiteSpace(c) || c == ',') { i++; continue; }
            if (c != '"') throw new FormatException($"{where}: list items must be quoted strings");
            int close = value.IndexOf('"', i + 1);
            if (close < 0 || close > end) throw new FormatException($"{where}: unterminated string in list");
            items.Add(value[(i + 1)..close]);
            i = close + 1;
        }
        return items;
    }
}
