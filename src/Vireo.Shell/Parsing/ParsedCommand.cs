using Vireo.Shell.Definitions;

namespace Vireo.Shell.Parsing;

/// <summary>One option given on the command line: its definition and value (null for a bool).</summary>
public sealed record ParsedOption(OptionDef Def, string? Value);

/// <summary>A parsed command (vshCmd): its definition and the options in the order given.</summary>
public sealed class ParsedCommand(CommandDef def, IReadOnlyList<ParsedOption> options)
{
    public CommandDef Def { get; } = def;

    public IReadOnlyList<ParsedOption> Options { get; } = options;

    public string Name => Def.Name;

    /// <summary>vshCommandOptBool: the option was given (any type).</summary>
    public bool Has(string name) => Options.Any(o => o.Def.Name == name);

    /// <summary>The raw value of an option, or null when absent.</summary>
    public string? Raw(string name) => Options.FirstOrDefault(o => o.Def.Name == name)?.Value;

    /// <summary>vshCommandOptArgv: every value given to the ARGV option, in order.</summary>
    public IReadOnlyList<string> Argv() => Options.Where(o => o.Def.Type == OptionType.Argv).Select(o => o.Value!).ToList();
}
