namespace Vireo.Shell.Definitions;

/// <summary>vshCmdDef flags.</summary>
[Flags]
public enum CommandFlags
{
    None = 0,
    /// <summary>Runs without a connection (help, quit, connect ...).</summary>
    NoConnect = 1 << 0,
    /// <summary>Another spelling of <see cref="CommandDef.AliasOf"/>.</summary>
    Alias = 1 << 1,
    /// <summary>Not listed by help.</summary>
    Hidden = 1 << 2,
    /// <summary>vsh's own command, not virsh's: left out of the help list so `vsh help` stays virsh's list.</summary>
    VshOnly = 1 << 3,
}

/// <summary>A command: name, one-line help, description and options, exactly as virsh 9.0 declares them.</summary>
public sealed record CommandDef(string Name, string Help, string Description, OptionDef[] Options,
    CommandFlags Flags = CommandFlags.None, string? AliasOf = null)
{
    /// <summary>The option called <paramref name="name"/>, or null.</summary>
    public OptionDef? FindOption(string name) => Array.Find(Options, o => o.Name == name);
}

/// <summary>A help group ("Domain Management", keyword "domain") and its commands in virsh's order.</summary>
public sealed record CommandGroup(string Name, string Keyword, CommandDef[] Commands);
