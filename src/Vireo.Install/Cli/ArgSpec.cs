namespace Vireo.Install.Cli;

/// <summary>How many values an option takes, as argparse's nargs: none (a flag), exactly one, or an optional one.</summary>
public enum ArgArity
{
    Flag,
    One,
    Optional,
}

/// <summary>One option: its spellings ("-n", "--name"), the key its values are stored under, and its arity.</summary>
public sealed record ArgSpec(string[] Names, string Key, ArgArity Arity, string? OptionalConst = null)
{
    /// <summary>"-n/--name", as argparse names an option in its errors.</summary>
    public string Display => string.Join('/', Names);
}
