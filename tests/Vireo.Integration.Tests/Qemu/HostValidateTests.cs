using Vireo.Integration.Tests.Infrastructure;

namespace Vireo.Integration.Tests.Qemu;

/// <summary>vsh host-validate against the real virt-host-validate qemu on this host: same layout, same verdicts.</summary>
[Trait("Category", "Integration")]
public sealed class HostValidateTests
{
    [Fact]
    public void VerdictsMatchVirtHostValidate()
    {
        if (!File.Exists("/usr/bin/virt-host-validate"))
        {
            Console.WriteLine("skipped: virt-host-validate is not installed (Debian package libvirt-clients)");
            return;
        }
        var ours = ProcessRunner.Run(RepoPaths.Program("vsh"), ["host-validate"], timeout: TimeSpan.FromSeconds(60));
        var theirs = ProcessRunner.Run("/usr/bin/virt-host-validate", ["qemu"], timeout: TimeSpan.FromSeconds(60));
        var our = Verdicts(ours.Stdout);
        var their = Verdicts(theirs.Stdout);
        Assert.True(our.Count >= 10, ours.ToString());
        foreach (var check in new[] { "for hardware virtualization", "if device /dev/net/tun exists", "if device /dev/vhost-net exists",
                     "for cgroup 'cpu' controller support", "for cgroup 'cpuset' controller support", "for cgroup 'memory' controller support" })
        {
            Assert.True(their.ContainsKey(check), $"virt-host-validate has no line for '{check}':\n{theirs.Stdout}");
            Assert.Equal((check, their[check]), (check, our[check]));
        }
        // Any FAIL makes the exit status 1, as with virt-host-validate.
        Assert.Equal(our.Values.Contains("FAIL") ? 1 : 0, ours.ExitCode);
        Assert.Contains(our.Keys, k => k.Contains("constant_tsc", StringComparison.Ordinal));
    }

    /// <summary>"  QEMU: Checking DESCRIPTION   : RESULT (hint)" → description → PASS/WARN/FAIL; the colon sits at column 77 in both.</summary>
    private static Dictionary<string, string> Verdicts(string output) =>
        output.Split('\n').Where(l => l.StartsWith("  QEMU: Checking ", StringComparison.Ordinal) && l.Length > 80 && l[77] == ':')
            .ToDictionary(l => l[17..77].TrimEnd(), l => l[79..].Split(' ')[0]);
}
