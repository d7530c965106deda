namespace Vireo.Shell.Definitions;

/// <summary>
/// Every virsh 9.0 command with its options, grouped as virsh groups them (CommandTable.*.cs hold the data).
/// vsh keeps the full table so that help and parsing match virsh even for commands it does not implement.
/// </summary>
internal static partial class CommandTable
{
    private const OptionFlags None = OptionFlags.None, Req = OptionFlags.Required, EmptyOk = OptionFlags.EmptyOk, ReqOpt = OptionFlags.RequiredOpt;

    /// <summary>virsh's help groups, in its order.</summary>
    public static readonly CommandGroup[] Groups =
    [
        new("Domain Management", "domain", [.. DomainManagement1(), .. DomainManagement2(), .. DomainManagement3()]),
        new("Domain Monitoring", "monitor", DomainMonitoring()),
        new("Domain Events", "events", DomainEvents()),
        new("Host and Hypervisor", "host", [.. HostAndHypervisor(), .. VireoHost()]),
        new("Checkpoint", "checkpoint", Checkpoint()),
        new("Interface", "interface", Interface()),
        new("Network Filter", "filter", NetworkFilter()),
        new("Networking", "network", [.. Networking(), .. VireoNetworking()]),
        new("Node Device", "nodedev", NodeDevice()),
        new("Secret", "secret", Secret()),
        new("Snapshot", "snapshot", Snapshot()),
        new("Backup", "backup", Backup()),
        new("Storage Pool", "pool", StoragePool()),
        new("Storage Volume", "volume", StorageVolume()),
        new("Virsh itself", "virsh", VirshItself()),
    ];

    private static readonly Dictionary<string, CommandDef> ByName =
        Groups.SelectMany(g => g.Commands).ToDictionary(c => c.Name, StringComparer.Ordinal);

    /// <summary>vshCmddefSearch: the command called <paramref name="name"/> (aliases included), or null.</summary>
    public static CommandDef? Find(string name) => ByName.GetValueOrDefault(name);

    /// <summary>vshCmdGrpSearch: a group by name or keyword.</summary>
    public static CommandGroup? FindGroup(string name) => Array.Find(Groups, g => g.Name == name || g.Keyword == name);

    private static OptionDef Bool(string name, string help) => new(name, OptionType.Bool, OptionFlags.None, help);

    private static OptionDef Bool(string name, OptionFlags flags, string help) => new(name, OptionType.Bool, flags, help);

    private static OptionDef Str(string name, OptionFlags flags, string help) => new(name, OptionType.String, flags, help);

    private static OptionDef Int(string name, OptionFlags flags, string help) => new(name, OptionType.Int, flags, help);

    private static OptionDef Data(string name, OptionFlags flags, string help) => new(name, OptionType.Data, flags, help);

    private static OptionDef Argv(string name, OptionFlags flags, string help) => new(name, OptionType.Argv, flags, help);

    private static OptionDef Alias(string name, string target) => new(name, OptionType.Alias, OptionFlags.None, target);
}
