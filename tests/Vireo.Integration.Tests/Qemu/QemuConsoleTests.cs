using Vireo.Integration.Tests.Infrastructure;

namespace Vireo.Integration.Tests.Qemu;

/// <summary>
/// The guest's serial console through vireod's RPC streams, with the real clients: python-libvirt's
/// dom.openConsole, virsh console under a pseudo-terminal (Ctrl+] to leave, one session at a time, --force), and vsh.
/// </summary>
[Trait("Category", "Integration")]
[Collection(QemuConsoleGuestCollection.Name)]
public sealed class QemuConsoleTests(QemuConsoleGuestFixture guest)
{
    private ProcessResult Pty(string scenario, string client) =>
        ProcessRunner.Run("/usr/bin/python3", [QemuConsoleGuestFixture.Script("console_pty.py"), scenario, client, guest.QemuUri, QemuConsoleGuestFixture.Domain],
            environment: ProcessRunner.LibvirtClientEnvironment, timeout: TimeSpan.FromSeconds(180));

    private bool Skip()
    {
        if (guest.SkipReason is null)
            return false;
        Console.WriteLine("skipped: " + guest.SkipReason);
        return true;
    }

    [Fact]
    public void PythonLibvirtOpenConsoleReadsTheBootAndTheCounter()
    {
        if (Skip()) return;
        var boot = guest.Boot!;
        Assert.True(boot.Succeeded, $"{boot}\n{guest.Describe()}");
        Assert.Contains("VIREO-GUEST-READY", boot.Stdout);
        Assert.Contains("VIREO-COUNTER", boot.Stdout);
    }

    [Fact]
    public void VirshConsoleShowsTheGuestTakesInputAndCtrlBracketLeaves()
    {
        if (Skip()) return;
        var r = Pty("basic", ProcessRunner.VirshPath);
        Assert.True(r.Succeeded, $"{r}\n{guest.Describe()}");
        Assert.Contains("ok: Ctrl+] exits 0", r.Stdout);
    }

    [Fact]
    public void VirshSecondConsoleIsRefusedUnlessForced()
    {
        if (Skip()) return;
        var r = Pty("exclusive", ProcessRunner.VirshPath);
        Assert.True(r.Succeeded, $"{r}\n{guest.Describe()}");
        Assert.Contains("ok: forced session left", r.Stdout);
    }

    [Fact]
    public void VshConsoleShowsTheGuestTakesInputAndCtrlBracketLeaves()
    {
        if (Skip()) return;
        var r = Pty("basic", RepoPaths.Program("vsh"));
        Assert.True(r.Succeeded, $"{r}\n{guest.Describe()}");
        Assert.Contains("ok: Ctrl+] exits 0", r.Stdout);
    }

    [Fact]
    public void VshSecondConsoleIsRefusedUnlessForced()
    {
        if (Skip()) return;
        var r = Pty("exclusive", RepoPaths.Program("vsh"));
        Assert.True(r.Succeeded, $"{r}\n{guest.Describe()}");
        Assert.Contains("ok: forced session left", r.Stdout);
    }
}
