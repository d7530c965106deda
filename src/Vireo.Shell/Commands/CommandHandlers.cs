using Vireo.Shell.Runtime;

namespace Vireo.Shell.Commands;

/// <summary>A command implementation: true = success (exit status 0).</summary>
public delegate Task<bool> CommandHandler(CommandContext ctx);

/// <summary>The implemented commands by name. Each family registers its handlers in its own file.</summary>
public static class CommandHandlers
{
    private static readonly Dictionary<string, CommandHandler> Map = Build();

    private static Dictionary<string, CommandHandler> Build()
    {
        var map = new Dictionary<string, CommandHandler>(StringComparer.Ordinal);
        VirshCommands.Register(map);
        HostCommands.Register(map);
        DomainListCommands.Register(map);
        DomainInfoCommands.Register(map);
        DomainLifecycleCommands.Register(map);
        DomainConfigCommands.Register(map);
        DomainDeviceCommands.Register(map);
        DomainStatsCommands.Register(map);
        DomainXmlCommands.Register(map);
        DomainSaveCommands.Register(map);
        MigrateCommand.Register(map);
        MigrateTunableCommands.Register(map);
        MigrationModeCommands.Register(map);
        EventCommand.Register(map);
        NetworkCommands.Register(map);
        NetworkListCommands.Register(map);
        PoolCommands.Register(map);
        VolumeCommands.Register(map);
        SnapshotCommands.Register(map);
        DomainDeviceListCommands.Register(map);
        SnapshotManageCommands.Register(map);
        StreamCommands.Register(map);
        QemuMonitorCommand.Register(map);
        DomainHotplugCommands.Register(map);
        NodeStatsCommands.Register(map);
        SnapshotInfoCommands.Register(map);
        DomainBlockInfoCommand.Register(map);
        DomainStatsCommand.Register(map);
        NetworkDoctorCommand.Register(map);
        return map;
    }

    /// <summary>The handler of a command, or null when vsh does not implement it.</summary>
    public static CommandHandler? Find(string name) => Map.GetValueOrDefault(name);

    /// <summary>The names of all implemented commands.</summary>
    public static IEnumerable<string> Names => Map.Keys;
}
