using Vireo.Shell.Runtime;

namespace Vireo.Shell.Tests.Runtime;

/// <summary>The program end to end, in process, for what needs no daemon.</summary>
public class ProgramTests
{
    private static async Task<(int Code, string Out, string Err)> Run(params string[] args)
    {
        var o = new StringWriter { NewLine = "\n" };
        var e = new StringWriter { NewLine = "\n" };
        int code = await Program.RunAsync(args, new ShellOutput(o, e));
        return (code, o.ToString(), e.ToString());
    }

    [Fact]
    public async Task HelpNeedsNoConnection()
    {
        var (code, output, err) = await Run("help", "domname");
        Assert.Equal(0, code);
        Assert.Equal("", err);
        Assert.Equal(
            "  NAME\n    domname - convert a domain id or UUID to domain name\n\n" +
            "  SYNOPSIS\n    domname <domain>\n\n" +
            "  OPTIONS\n    [--domain] <string>  domain id or uuid\n\n\n", output);
    }

    [Fact]
    public async Task SeveralCommandsInOneArgument()
    {
        var (code, output, _) = await Run("echo a; echo b");
        Assert.Equal(0, code);
        Assert.Equal("a\nb\n", output);
    }

    [Fact]
    public async Task QuietDropsTheBlankLines()
    {
        var (_, output, _) = await Run("-q", "echo a; echo b");
        Assert.Equal("ab", output);
    }

    [Fact]
    public async Task UnknownCommandFailsBeforeAnythingRuns()
    {
        var (code, output, err) = await Run("echo a; nosuch");
        Assert.Equal(1, code);
        Assert.Equal("", output);
        Assert.Equal("error: unknown command: 'nosuch'\n", err);
    }

    [Fact]
    public async Task MissingOptionErrorsLikeVirsh()
    {
        var (code, _, err) = await Run("dominfo");
        Assert.Equal(1, code);
        Assert.Equal("error: command 'dominfo' requires <domain> option\n", err);
    }

    [Fact]
    public async Task UnknownHelpTopic()
    {
        var (code, output, err) = await Run("help", "nosuch");
        Assert.Equal(1, code);
        Assert.Equal("\n", output);
        Assert.Equal("error: command or command group 'nosuch' doesn't exist\n", err);
    }

    [Fact]
    public async Task ConnectionFailureIsReportedInTwoLines()
    {
        var path = Path.Combine(Path.GetTempPath(), "vsh-no-daemon-" + Guid.NewGuid().ToString("N"));
        var (code, output, err) = await Run("-c", "test+unix:///default?socket=" + path, "list");
        Assert.Equal(1, code);
        Assert.Equal("", output);
        Assert.Equal($"error: failed to connect to the hypervisor\nerror: Failed to connect socket to '{path}': No such file or directory\n", err);
    }

    [Fact]
    public async Task UsageAndVersions()
    {
        var (code, output, _) = await Run("-h");
        Assert.Equal(0, code);
        Assert.StartsWith("\nvsh [options]... [<command_string>]\nvsh [options]... <command> [args...]\n\n  options:\n", output);
        Assert.Contains("    -c | --connect=URI      hypervisor connection URI\n", output);
        Assert.Contains(" Domain Management (help keyword 'domain')\n    attach-device                  attach device from an XML file\n", output);
        Assert.Equal("9.0.0\n", (await Run("-v")).Out);
    }

    [Fact]
    public async Task EchoEscapes()
    {
        Assert.Equal("'a b' c\n", (await Run("echo --shell 'a b' c")).Out);
        Assert.Equal("&lt;a&gt;\n", (await Run("echo --xml '<a>'")).Out);
        Assert.Equal("a,b\nc\n\n", (await Run("echo --split a,,b,c")).Out);
    }

    [Fact]
    public async Task EmptyCommandStringFails() => Assert.Equal(1, (await Run("")).Code);
}
