using System.Text;
using Vireo.Integration.Tests.Infrastructure;
using Vireo.Shell.Definitions;
using Vireo.Shell.Output;

namespace Vireo.Shell.Tests.Output;

/// <summary>
/// vsh's help must be virsh's, byte for byte: Golden/virsh-help.txt holds what virsh 9.0 prints for "help" and
/// "help CMD" of every command (regenerate with VIREO_REGENERATE=1 when /usr/bin/virsh is installed).
/// </summary>
public class HelpTextTests
{
    private static readonly string GoldenPath = Path.Combine(AppContext.BaseDirectory, "Golden", "virsh-help.txt");

    private static string SourceGoldenPath => Path.Combine(RepoPaths.Root, "tests", "Vireo.Shell.Tests", "Golden", "virsh-help.txt");

    /// <summary>The golden file split into sections: "" for plain "help", else the command name.</summary>
    private static Dictionary<string, string> Sections()
    {
        var sections = new Dictionary<string, string>();
        string key = "";
        var sb = new StringBuilder();
        foreach (var line in File.ReadAllLines(GoldenPath))
        {
            if (line.StartsWith("# ", StringComparison.Ordinal) && key == "" && sb.Length == 0) continue;
            if (line.StartsWith("### help ", StringComparison.Ordinal))
            {
                sections[key] = sb.ToString();
                sb.Clear();
                key = line["### help ".Length..];
                continue;
            }
            sb.Append(line).Append('\n');
        }
        sections[key] = sb.ToString();
        return sections;
    }

    [Fact]
    public void GroupedCommandListMatchesVirsh() =>
        // virsh prints the list, then vshCommandRun's blank line
        Assert.Equal(Sections()[""], HelpText.AllGroups(CommandTable.Groups) + "\n");

    public static TheoryData<string> CommandNames()
    {
        var data = new TheoryData<string>();
        foreach (var c in CommandTable.Groups.SelectMany(g => g.Commands).Where(c => c.AliasOf is null && !c.Flags.HasFlag(CommandFlags.VshOnly))) data.Add(c.Name);
        return data;
    }

    [Theory]
    [MemberData(nameof(CommandNames))]
    public void CommandHelpMatchesVirsh(string name)
    {
        var sections = Sections();
        Assert.True(sections.ContainsKey(name), $"no golden help for '{name}'");
        Assert.Equal(sections[name], HelpText.Command(CommandTable.Find(name)!) + "\n");
    }

    [Fact]
    public void EveryVirshCommandIsKnown()
    {
        var golden = Sections().Keys.Where(k => k.Length > 0).ToHashSet();
        var ours = CommandTable.Groups.SelectMany(g => g.Commands).Where(c => c.AliasOf is null && !c.Flags.HasFlag(CommandFlags.VshOnly)).Select(c => c.Name).ToHashSet();
        Assert.Equal(golden.OrderBy(x => x), ours.OrderBy(x => x));
    }

    [Fact]
    public void GroupHelpLooksLikeVirsh()
    {
        var text = HelpText.Group(CommandTable.FindGroup("network")!);
        Assert.StartsWith(" Networking (help keyword 'network'):\n    net-autostart                  autostart a network\n", text);
        Assert.Same(CommandTable.FindGroup("Networking"), CommandTable.FindGroup("network"));
    }

    [Fact]
    public void AliasesResolve()
    {
        var alias = CommandTable.Find("nodedev-dettach")!;
        Assert.Equal("nodedev-detach", alias.AliasOf);
        Assert.True(alias.Flags.HasFlag(CommandFlags.Alias));
    }

    [Fact]
    [Trait("Category", "Integration")]
    public void RegenerateFromVirsh()
    {
        if (Environment.GetEnvironmentVariable("VIREO_REGENERATE") != "1" || !File.Exists(ProcessRunner.VirshPath)) return;
        var sb = new StringBuilder();
        sb.Append("# virsh 9.0.0 (Debian libvirt-clients 9.0.0-4+deb12u2): \"virsh help\" then \"### help CMD\" + \"virsh help CMD\" for every command.\n");
        sb.Append("# Regenerate: VIREO_REGENERATE=1 dotnet test tests/Vireo.Shell.Tests --filter HelpTextTests\n");
        sb.Append(ProcessRunner.Run(ProcessRunner.VirshPath, ["help"], environment: ProcessRunner.LibvirtClientEnvironment).EnsureSuccess().Stdout);
        foreach (var name in CommandTable.Groups.SelectMany(g => g.Commands).Where(c => c.AliasOf is null).Select(c => c.Name))
        {
            sb.Append("### help ").Append(name).Append('\n');
            sb.Append(ProcessRunner.Run(ProcessRunner.VirshPath, ["help", name], environment: ProcessRunner.LibvirtClientEnvironment).EnsureSuccess().Stdout);
        }
        File.WriteAllText(SourceGoldenPath, sb.ToString());
    }
}
