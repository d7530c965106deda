using Vireo.Shell.Definitions;
using Vireo.Shell.Parsing;

namespace Vireo.Shell.Tests.Parsing;

/// <summary>virsh's command grammar and its exact error texts (vsh.c vshCommandParse).</summary>
public class CommandParserTests
{
    private readonly List<string> _errors = [];

    private List<ParsedCommand>? Argv(params string[] args) =>
        new CommandParser(CommandTable.Find, _errors.Add).Parse(new ArgvTokenSource(args));

    private List<ParsedCommand>? Line(string text) =>
        new CommandParser(CommandTable.Find, _errors.Add).Parse(new StringTokenSource(text, _errors.Add));

    [Fact]
    public void PositionalDataFillsOptionsInOrder()
    {
        var cmd = Assert.Single(Argv("setvcpus", "test", "3", "--config")!);
        Assert.Equal("setvcpus", cmd.Name);
        Assert.Equal("test", cmd.Raw("domain"));
        Assert.Equal("3", cmd.Raw("count"));
        Assert.True(cmd.Has("config"));
        Assert.False(cmd.Has("live"));
    }

    [Fact]
    public void OptionsByNameAndWithEquals()
    {
        var cmd = Assert.Single(Argv("dominfo", "--domain", "test")!);
        Assert.Equal("test", cmd.Raw("domain"));
        cmd = Assert.Single(Argv("dominfo", "--domain=test")!);
        Assert.Equal("test", cmd.Raw("domain"));
        cmd = Assert.Single(Argv("attach-disk", "--target", "vdb", "test", "/img")!);
        Assert.Equal(("test", "/img", "vdb"), (cmd.Raw("domain"), cmd.Raw("source"), cmd.Raw("target")));
    }

    [Fact]
    public void StringOptionsAreAlsoPositional()
    {
        // attach-interface: domain type source [target] [mac] ... all take values in order
        var cmd = Assert.Single(Argv("attach-interface", "test", "network", "default", "vnet0")!);
        Assert.Equal("vnet0", cmd.Raw("target"));
    }

    [Fact]
    public void ReqOptOptionsAreNeverPositional()
    {
        Assert.Null(Argv("dumpxml", "test", "/domain/name"));
        Assert.Equal("unexpected data '/domain/name'", Assert.Single(_errors));
    }

    [Fact]
    public void MissingRequiredOption()
    {
        Assert.Null(Argv("dominfo"));
        Assert.Equal("command 'dominfo' requires <domain> option", Assert.Single(_errors));
        _errors.Clear();
        Assert.Null(Argv("net-update", "default", "add"));
        Assert.Equal(["command 'net-update' requires <section> option", "command 'net-update' requires <xml> option"], _errors);
    }

    [Fact]
    public void RequiredOptionOnlyByName()
    {
        Assert.Null(Argv("dommemstat"));
        _errors.Clear();
        // domxml-to-native: --domain is REQ_OPT-free string, format is positional data
        Assert.NotNull(Argv("domxml-to-native", "qemu-argv", "--domain", "test"));
    }

    [Theory]
    [InlineData(new[] { "dominfo", "--nosuch", "test" }, "command 'dominfo' doesn't support option --nosuch")]
    [InlineData(new[] { "dominfo", "test", "extra" }, "unexpected data 'extra'")]
    [InlineData(new[] { "dominfo", "--domain", "a", "--domain", "b" }, "option --domain already seen")]
    [InlineData(new[] { "list", "--all=yes" }, "invalid '=' after option --all")]
    [InlineData(new[] { "dominfo", "--domain" }, "expected syntax: --domain <string>")]
    [InlineData(new[] { "setmem", "test", "--size" }, "expected syntax: --size <number>")]
    [InlineData(new[] { "nosuchcommand" }, "unknown command: 'nosuchcommand'")]
    public void SyntaxErrorsAreWordedAsVirsh(string[] args, string error)
    {
        Assert.Null(Argv(args));
        Assert.Equal(error, Assert.Single(_errors));
    }

    [Fact]
    public void DoubleDashEndsOptions()
    {
        var cmd = Assert.Single(Argv("dominfo", "--", "--weird-name")!);
        Assert.Equal("--weird-name", cmd.Raw("domain"));
    }

    [Fact]
    public void AliasesMapToTheirTarget()
    {
        var cmd = Assert.Single(Argv("setmaxmem", "test", "--kilobytes", "1024")!);
        Assert.Equal("1024", cmd.Raw("size"));
        cmd = Assert.Single(Argv("echo", "--hi")!);
        Assert.Equal(["hello"], cmd.Argv());
        cmd = Assert.Single(Argv("nodedev-dettach", "pci_0000_00_01_0")!);
        Assert.Equal("nodedev-detach", cmd.Name);
    }

    [Fact]
    public void HelpOptionBecomesTheHelpCommand()
    {
        var cmd = Assert.Single(Argv("dominfo", "--help")!);
        Assert.Equal("help", cmd.Name);
        Assert.Equal("dominfo", cmd.Raw("command"));
        // and required options are not checked then
        Assert.Empty(_errors);
    }

    [Fact]
    public void HelpIgnoresSpuriousArguments()
    {
        var cmd = Assert.Single(Argv("help", "list", "extra", "--bogus")!);
        Assert.Equal("list", cmd.Raw("command"));
        Assert.Empty(_errors);
    }

    [Fact]
    public void ArgvCollectsTheRest()
    {
        var cmd = Assert.Single(Argv("echo", "a", "--", "--b", "c")!);
        Assert.Equal(["a", "--b", "c"], cmd.Argv());
    }

    [Fact]
    public void OneStringHoldsSeveralCommands()
    {
        var cmds = Line("list --all; dominfo test\nnodeinfo # a comment\n# whole line comment\n uri")!;
        Assert.Equal(["list", "dominfo", "nodeinfo", "uri"], cmds.Select(c => c.Name));
        Assert.True(cmds[0].Has("all"));
    }

    [Fact]
    public void ASyntaxErrorAnywhereRejectsTheWholeLine()
    {
        Assert.Null(Line("list; dominfo; nodeinfo"));
        Assert.Equal("command 'dominfo' requires <domain> option", Assert.Single(_errors));
    }

    [Fact]
    public void QuotingFollowsVirsh()
    {
        var cmd = Assert.Single(Line("echo 'a b' \"c \\\"d\\\"\" e\\ f 'g\\h' x")!);
        Assert.Equal(["a b", "c \"d\"", "e f", "g\\h", "x"], cmd.Argv());
    }

    [Fact]
    public void UnterminatedQuotesAndBackslashes()
    {
        Assert.Null(Line("echo \"abc"));
        Assert.Equal("missing \"", Assert.Single(_errors));
        _errors.Clear();
        Assert.Null(Line("echo abc\\"));
        Assert.Equal("dangling \\", Assert.Single(_errors));
    }

    [Fact]
    public void EmptyLinesAndCommentsParseToNothing()
    {
        Assert.Empty(Line("   ")!);
        Assert.Empty(Line("# nothing here")!);
        Assert.Empty(Line(";;")!);
    }
}
