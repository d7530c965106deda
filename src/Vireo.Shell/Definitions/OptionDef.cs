namespace Vireo.Shell.Definitions;

/// <summary>vshCmdOptType: how an option takes its value.</summary>
public enum OptionType
{
    /// <summary>A flag: <c>--name</c>.</summary>
    Bool,
    /// <summary><c>--name value</c>, <c>--name=value</c>, or positional.</summary>
    String,
    /// <summary>A number: <c>--name N</c>, or positional.</summary>
    Int,
    /// <summary>Positional data (may also be given as <c>--name value</c>).</summary>
    Data,
    /// <summary>All remaining arguments.</summary>
    Argv,
    /// <summary>An undocumented alternative spelling: <see cref="OptionDef.Help"/> holds the target ("name" or "name=value").</summary>
    Alias,
}

/// <summary>vshCmdOptDef flags.</summary>
[Flags]
public enum OptionFlags
{
    None = 0,
    /// <summary>VSH_OFLAG_REQ: must be given.</summary>
    Required = 1 << 0,
    /// <summary>VSH_OFLAG_EMPTY_OK: an empty string is a valid value.</summary>
    EmptyOk = 1 << 1,
    /// <summary>VSH_OFLAG_REQ_OPT: only as <c>--name value</c>, never positional.</summary>
    RequiredOpt = 1 << 2,
}

/// <summary>One option of a command, as virsh declares it (the help text is shown verbatim by <c>help COMMAND</c>).</summary>
public sealed record OptionDef(string Name, OptionType Type, OptionFlags Flags, string Help)
{
    public bool IsRequired => Flags.HasFlag(OptionFlags.Required);

    /// <summary>Takes a value (every type but Bool and Alias).</summary>
    public bool TakesValue => Type is not (OptionType.Bool or OptionType.Alias);
}
