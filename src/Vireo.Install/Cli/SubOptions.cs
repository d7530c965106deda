namespace Vireo.Install.Cli;

/// <summary>
/// virt-install's "--disk path=/x,size=3,bus=virtio" syntax: comma-separated key=value pairs; a leading bare
/// value belongs to the option's primary key (path for --disk, type for --graphics ...). Keys are kept in order.
/// </summary>
public sealed class SubOptions
{
    private readonly List<KeyValuePair<string, string>> _pairs = new();

    public string Option { get; }

    /// <summary>The option's value as given ("size=3,sparse=no"), for messages.</summary>
    public string Text { get; private set; } = "";

    private SubOptions(string option) => Option = option;

    public static SubOptions Parse(string option, string text, string primaryKey)
    {
        var s = new SubOptions(option) { Text = text };
        bool first = true;
        foreach (var part in SplitCommas(text))
        {
            int eq = part.IndexOf('=');
            if (eq < 0)
                s._pairs.Add(new(first ? primaryKey : part, first ? part : "yes"));
            else
                s._pairs.Add(new(part[..eq], part[(eq + 1)..]));
            first = false;
        }

        return s;
    }

    // commas inside [..] or quotes do not split (e.g. cpuset=[1,2])
    private static IEnumerable<string> SplitCommas(string text)
    {
        int depth = 0, start = 0;
        for (int i = 0; i < text.Length; i++)
        {
            if (text[i] == '[')
                depth++;
            else if (text[i] == ']')
                depth--;
            else if (text[i] == ',' && depth == 0)
            {
                if (i > start)
                    yield return text[start..i];
                start = i + 1;
            }
        }

        if (start < text.Length)
            yield return text[start..];
    }

    public IEnumerable<string> Keys => _pairs.Select(p => p.Key);

    public string? Get(string key) => _pairs.LastOrDefault(p => p.Key == key).Value;

    public bool Has(string key) => _pairs.Any(p => p.Key == key);

    /// <summary>Fails as virt-install does when a sub-option is not one the option knows.</summary>
    public void CheckKnown(params string[] known)
    {
        foreach (var k in Keys)
            if (!known.Contains(k))
                throw new InstallException($"Unknown {Option} options: ['{k}']");
    }

    public static bool IsYes(string? v) => v is "yes" or "on" or "true" or "1";
}
