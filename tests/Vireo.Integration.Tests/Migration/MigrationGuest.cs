using System.Text.RegularExpressions;
using Vireo.Integration.Tests.Infrastructure;

namespace Vireo.Integration.Tests.Migration;

/// <summary>The test guest (kernel + initramfs from tests/guest/build.sh) as a migratable domain, and its serial counter.</summary>
internal static partial class MigrationGuest
{
    private static readonly Lazy<string?> Built = new(() =>
    {
        var r = ProcessRunner.Run("/bin/bash", [Path.Combine(RepoPaths.Root, "tests", "guest", "build.sh")], timeout: TimeSpan.FromMinutes(10));
        // a broken guest build is a defect to report, not a missing host capability to skip over
        return r.Succeeded ? r.Stdout.Trim().Split('\n').Last().Trim()
            : throw new InvalidOperationException("tests/guest/build.sh failed: " + r.Stderr);
    });

    public static string? Dir => Built.Value;

    /// <summary>
    /// Domain XML: the serial console goes to a file in the host's own directory (DIR/local/NAME.serial), so each
    /// host's QEMU writes its own log and the counter on the destination shows whether the guest continued.
    /// </summary>
    public static string Xml(MigrationHosts hosts, string name, string disk) => $"""
        <domain type='qemu'>
          <name>{name}</name>
          <memory unit='MiB'>128</memory>
          <vcpu>1</vcpu>
          <os>
            <type arch='x86_64' machine='pc'>hvm</type>
            <kernel>{Dir}/vmlinuz</kernel>
            <initrd>{Dir}/initrd.img</initrd>
            <cmdline>console=ttyS0</cmdline>
          </os>
          <devices>
            <disk type='file' device='disk'><driver name='qemu' type='raw'/><source file='{disk}'/><target dev='vda' bus='virtio'/></disk>
            <serial type='file'><source path='{hosts.Local}/{name}.serial'/><target port='0'/></serial>
          </devices>
        </domain>
        """;

    /// <summary>The guest with a 4 MiB disk in the shared directory: writes the disk and DIR/NAME.xml, returns the XML's path.</summary>
    public static string WriteShared(MigrationHosts hosts, string name, string extraCmdline = "")
    {
        using (var f = File.Create(Path.Combine(hosts.Dir, "shared", name + ".img")))
            f.SetLength(4 << 20);
        var xml = Xml(hosts, name, Path.Combine(hosts.Images, name + ".img"));
        if (extraCmdline.Length > 0)
            xml = xml.Replace("console=ttyS0", "console=ttyS0 " + extraCmdline, StringComparison.Ordinal);
        var path = Path.Combine(hosts.Dir, name + ".xml");
        File.WriteAllText(path, xml);
        return path;
    }

    public static string SerialOf(MigrationHosts hosts, char h, string name) => hosts.LocalFile(h, name + ".serial");

    /// <summary>Every "VIREO-COUNTER n" value in a serial log, in order.</summary>
    public static List<int> Counters(string path)
    {
        if (!File.Exists(path))
            return [];
        using var fs = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        var text = new StreamReader(fs).ReadToEnd();
        return CounterLine().Matches(text).Select(m => int.Parse(m.Groups[1].Value)).ToList();
    }

    /// <summary>Polls until the log's last counter reaches <paramref name="atLeast"/>; returns the counters.</summary>
    public static List<int> WaitCounter(string path, int atLeast, TimeSpan deadline)
    {
        long until = Environment.TickCount64 + (long)deadline.TotalMilliseconds;
        while (true)
        {
            var c = Counters(path);
            if (c.Count > 0 && c[^1] >= atLeast)
                return c;
            if (Environment.TickCount64 > until)
                throw new TimeoutException($"counter {atLeast} not reached in {path} within {deadline.TotalSeconds:0} s (last: {(c.Count > 0 ? c[^1] : -1)})");
            Thread.Sleep(100); // poll until the deadline above
        }
    }

    [GeneratedRegex(@"VIREO-COUNTER (\d+)")]
    private static partial Regex CounterLine();
}
