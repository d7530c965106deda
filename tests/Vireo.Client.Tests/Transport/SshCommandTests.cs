using Vireo.Client.Transport;
using Vireo.Client.Uris;

namespace Vireo.Client.Tests.Transport;

public class SshCommandTests
{
    [Fact]
    public void BuildsTheCommandLineLibvirt9Runs()
    {
        // what virsh 9.0 ran for this URI (LIBVIRT_DEBUG, util.command) with proxy=netcat
        var uri = ConnectionUri.Parse("test+ssh://root@127.0.0.1:16522/default?socket=/tmp/s7/vireo-sock&keyfile=/tmp/k&no_tty=1");
        var (program, args) = SshCommand.Build(uri, uri.Get("socket")!);
        Assert.Equal("ssh", program);
        Assert.Equal(
            ["-p", "16522", "-l", "root", "-i", "/tmp/k", "-T", "-e", "none", "-o", "BatchMode=yes", "--", "127.0.0.1",
             "sh -c 'if '\\''nc'\\'' -q 2>&1 | grep \"requires an argument\" >/dev/null 2>&1; then ARG=-q0;else ARG=;fi;'\\''nc'\\'' $ARG -U '\\''/tmp/s7/vireo-sock'\\'''"],
            args);
    }

    [Fact]
    public void CommandNetcatAndNoVerifyAreHonoured()
    {
        var uri = ConnectionUri.Parse("qemu+ssh://host/system?command=/opt/ssh&netcat=/bin/ncat&no_verify=1");
        var (program, args) = SshCommand.Build(uri, "/run/vireo/vireo-sock");
        Assert.Equal("/opt/ssh", program);
        Assert.Equal(["-o", "StrictHostKeyChecking=no", "--", "host"], args[..4]);
        Assert.Contains("'\\''/bin/ncat'\\'' $ARG -U", args[^1]);
    }

    [Fact]
    public void HostileNamesStayQuoted()
    {
        var script = SshCommand.NetcatScript("nc", "/tmp/a'; rm -rf /; echo '");
        Assert.EndsWith("-U '/tmp/a'\\''; rm -rf /; echo '\\'''", script);
    }
}
