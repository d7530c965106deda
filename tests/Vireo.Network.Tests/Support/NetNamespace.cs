using Vireo.Network.Host;

namespace Vireo.Network.Tests.Support;

/// <summary>
/// A network namespace the test creates (vireo-t-XXXXXX, loopback up) and removes on dispose, killing every process
/// still inside it first — so a failing test leaves no interfaces, rules or daemons behind.
/// </summary>
public sealed class NetNamespace : IDisposable
{
    public string Name { get; }
    public HostCommands Commands { get; }
    private static readonly HostCommands Root = new();

    public NetNamespace(string tag = "t")
    {
        Name = "vireo-" + tag + "-" + Guid.NewGuid().ToString("N")[..8];
        Root.RunAsync(["ip", "netns", "add", Name]).GetAwaiter().GetResult();
        Commands = new HostCommands(Name);
        Run("ip", "link", "set", "lo", "up");
    }

    /// <summary>Runs a command inside the namespace; throws on a non-zero exit.</summary>
    public string Run(params string[] argv) => Commands.RunAsync(argv).GetAwaiter().GetResult();

    public (int Code, string Out, string Err) TryRun(params string[] argv) => Commands.TryRunAsync(argv).GetAwaiter().GetResult();

    /// <summary>Pids of the processes running in the namespace.</summary>
    public IReadOnlyList<int> Pids() =>
        Root.RunAsync(["ip", "netns", "pids", Name]).GetAwaiter().GetResult()
            .Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse).ToList();

    public void Dispose()
    {
        foreach (var pid in Pids())
            ProcessTools.Signal(pid, ProcessTools.SIGKILL);
        Root.TryRunAsync(["ip", "netns", "del", Name]).GetAwaiter().GetResult();
    }
}
