namespace Vireo.Install.Cli;

/// <summary>Values by option key, in command-line order (every option is "append"; single-valued ones read the last).</summary>
public sealed class ParsedArgs
{
    private readonly Dictionary<string, List<string>> _values = new(StringComparer.Ordinal);

    public List<string> Positionals { get; } = new();

    internal void Add(string key, string value)
    {
        if (!_values.TryGetValue(key, out var list))
            _values[key] = list = new List<string>();
        list.Add(value);
    }

    public bool Has(string key) => _values.ContainsKey(key);

    public IReadOnlyList<string> All(string key) => _values.TryGetValue(key, out var l) ? l : Array.Empty<string>();

    public string? Last(string key) => _values.TryGetValue(key, out var l) ? l[^1] : null;
}
