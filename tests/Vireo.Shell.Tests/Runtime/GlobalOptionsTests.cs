using Vireo.Shell.Runtime;

namespace Vireo.Shell.Tests.Runtime;

/// <summary>virshParseArgv: getopt_long "+:c:d:e:hk:K:l:qrtvV" and its messages, plus vsh's --json.</summary>
public class GlobalOptionsTests
{
    private readonly List<string> _errors = [];

    private (GlobalParseResult Result, ShellOptions Options) Parse(params string[] args)
    {
        var r = GlobalOptions.Parse(args, _errors.Add, out var o);
        return (r, o);
    }

    [Fact]
    public void OptionsThenCommand()
    {
        var (r, o) = Parse("-c", "test:///default", "-rq", "list", "--all");
        Assert.Equal(GlobalParseResult.Run, r);
        Assert.Equal("test:///default", o.ConnectUri);
        Assert.True(o.ReadOnly);
        Assert.True(o.Quiet);
        Assert.Equal(["list", "--all"], o.Command);
    }

    [Fact]
    public void LongOptionsAttachedValuesAndPrefixes()
    {
        var (_, o) = Parse("--connect=qemu:///system", "--read", "--json", "-ctest:///default", "dominfo", "test");
        Assert.Equal("test:///default", o.ConnectUri);
        Assert.True(o.ReadOnly);
        Assert.True(o.Json);
        Assert.Equal(["dominfo", "test"], o.Command);
    }

    [Fact]
    public void CommandOptionsAreNotGlobalOptions()
    {
        var (_, o) = Parse("list", "-r");
        Assert.False(o.ReadOnly);
        Assert.Equal(["list", "-r"], o.Command);
    }

    [Fact]
    public void NoCommandMeansInteractive() => Assert.Empty(Parse("-q").Options.Command);

    [Theory]
    [InlineData(new[] { "-c" }, "option '-c'/'--connect' requires an argument")]
    [InlineData(new[] { "--connect" }, "option '-c'/'--connect' requires an argument")]
    [InlineData(new[] { "-x" }, "unsupported option '-x'. See --help.")]
    [InlineData(new[] { "--bogus" }, "unsupported option '--bogus'. See --help.")]
    [InlineData(new[] { "-d", "x" }, "option -d takes a numeric argument")]
    [InlineData(new[] { "--debug=x" }, "option --debug takes a numeric argument")]
    [InlineData(new[] { "-e", "^^x" }, "Invalid string '^^x' for escape sequence")]
    [InlineData(new[] { "-k", "-1" }, "option -k requires a positive integer argument")]
    [InlineData(new[] { "-K", "z" }, "Invalid value for option -K")]
    public void ErrorsAreWordedAsVirsh(string[] args, string error)
    {
        Assert.Equal(GlobalParseResult.Error, Parse(args).Result);
        Assert.Equal(error, Assert.Single(_errors));
    }

    [Fact]
    public void DebugLevelOutOfRangeIsOnlyAWarning()
    {
        var (r, _) = Parse("-d", "9", "list");
        Assert.Equal(GlobalParseResult.Run, r);
        Assert.Equal("ignoring debug level 9 out of range [0-4]", Assert.Single(_errors));
    }

    [Theory]
    [InlineData(new[] { "-h" }, GlobalParseResult.Help)]
    [InlineData(new[] { "-v" }, GlobalParseResult.Version)]
    [InlineData(new[] { "--version" }, GlobalParseResult.Version)]
    [InlineData(new[] { "--version=long" }, GlobalParseResult.LongVersion)]
    [InlineData(new[] { "-V" }, GlobalParseResult.LongVersion)]
    public void InformationalOptions(string[] args, GlobalParseResult expected) => Assert.Equal(expected, Parse(args).Result);

    [Fact]
    public void DefaultUriComesFromTheEnvironment()
    {
        var saved = (Environment.GetEnvironmentVariable("VIREO_DEFAULT_URI"), Environment.GetEnvironmentVariable("LIBVIRT_DEFAULT_URI"),
            Environment.GetEnvironmentVariable("VIRSH_DEFAULT_CONNECT_URI"));
        try
        {
            Environment.SetEnvironmentVariable("VIRSH_DEFAULT_CONNECT_URI", null);
            Environment.SetEnvironmentVariable("VIREO_DEFAULT_URI", null);
            Environment.SetEnvironmentVariable("LIBVIRT_DEFAULT_URI", null);
            Assert.Equal("qemu:///system", ShellSession.DefaultUri());
            Environment.SetEnvironmentVariable("LIBVIRT_DEFAULT_URI", "test:///default");
            Assert.Equal("test:///default", ShellSession.DefaultUri());
            Environment.SetEnvironmentVariable("VIREO_DEFAULT_URI", "qemu:///session");
            Assert.Equal("qemu:///session", ShellSession.DefaultUri());
        }
        finally
        {
            Environment.SetEnvironmentVariable("VIREO_DEFAULT_URI", saved.Item1);
            Environment.SetEnvironmentVariable("LIBVIRT_DEFAULT_URI", saved.Item2);
            Environment.SetEnvironmentVariable("VIRSH_DEFAULT_CONNECT_URI", saved.Item3);
        }
    }
}
