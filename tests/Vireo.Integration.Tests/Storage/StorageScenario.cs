using System.Text;
using System.Text.RegularExpressions;
using Vireo.Integration.Tests.Infrastructure;

namespace Vireo.Integration.Tests.Storage;

/// <summary>
/// One virsh session of pool and volume commands, run command by command against a daemon, with its output
/// normalised so two daemons can be compared: the pool directory, UUIDs, owners, timestamps and the sizes of the
/// host file system (which other processes change between runs) are masked.
/// </summary>
public static partial class StorageScenario
{
    /// <summary>The commands; POOLDIR is the pool's target directory (it must not exist yet).</summary>
    public static readonly string[][] Commands =
    [
        ["pool-define-as", "p1", "dir", "--target", "POOLDIR"],
        ["pool-start", "p1"],                                   // before pool-build: no directory
        ["pool-build", "p1"],
        ["pool-start", "p1"],
        ["pool-info", "p1"],
        ["pool-list", "--details", "--all"],
        ["vol-create-as", "p1", "a.img", "10M"],
        ["vol-create-as", "p1", "b.qcow2", "20M", "--format", "qcow2"],
        ["vol-create-as", "p1", "s.img", "10M", "--allocation", "0"],
        // allocation below capacity: preallocation=metadata (a full allocation asks for falloc, where Vireo.Images
        // and qemu-img 7.2 lay out the same file but qemu-img leaves one 64 KiB cluster of it unallocated)
        ["vol-create-as", "p1", "m.qcow2", "4M", "--format", "qcow2", "--allocation", "1M", "--prealloc-metadata"],
        ["vol-create-as", "p1", "a.img", "1M"],                 // duplicate name
        ["vol-create-as", "p1", "d.img", "10Q"],                // bad size suffix
        ["vol-create-as", "nope", "x.img", "1M"],               // unknown pool
        ["vol-create-as", "p1", "../x.img", "1M"],              // escapes the pool
        ["vol-list", "p1", "--details"],
        ["vol-info", "a.img", "--pool", "p1"],
        ["vol-info", "--bytes", "b.qcow2", "--pool", "p1"],
        ["vol-info", "--bytes", "m.qcow2", "--pool", "p1"],
        ["vol-dumpxml", "b.qcow2", "--pool", "p1"],
        ["vol-dumpxml", "s.img", "--pool", "p1"],
        ["vol-clone", "b.qcow2", "b2.qcow2", "--pool", "p1"],
        ["vol-create-as", "p1", "ov.qcow2", "20M", "--format", "qcow2", "--backing-vol", "b.qcow2", "--backing-vol-format", "qcow2"],
        ["vol-dumpxml", "ov.qcow2", "--pool", "p1"],
        ["vol-resize", "s.img", "20M", "--pool", "p1"],
        ["vol-resize", "a.img", "5M", "--pool", "p1"],
        ["vol-resize", "b.qcow2", "30M", "--pool", "p1"],
        ["vol-info", "--bytes", "s.img", "--pool", "p1"],
        ["vol-info", "--bytes", "b.qcow2", "--pool", "p1"],
        ["vol-path", "a.img", "--pool", "p1"],
        ["vol-key", "a.img", "--pool", "p1"],
        ["vol-name", "POOLDIR/a.img"],
        ["vol-pool", "POOLDIR/a.img"],
        ["vol-wipe", "s.img", "--pool", "p1"],
        ["vol-delete", "s.img", "--pool", "p1"],
        ["vol-delete", "zz", "--pool", "p1"],
        ["vol-list", "p1", "--details"],
        ["pool-refresh", "p1"],
        ["pool-destroy", "p1"],
        ["pool-info", "p1"],
        ["vol-list", "p1"],
        ["pool-undefine", "p1"],
        ["pool-info", "p1"],
    ];

    /// <summary>Runs every command (stderr merged) and returns the normalised transcript.</summary>
    public static string Run(string uri, string poolDir)
    {
        var sb = new StringBuilder();
        foreach (var cmd in Commands)
        {
            var args = cmd.Select(a => a.Replace("POOLDIR", poolDir, StringComparison.Ordinal)).ToArray();
            var r = ProcessRunner.Virsh(uri, args, TimeSpan.FromSeconds(60), mergeStderr: true);
            sb.Append("$ virsh ").Append(string.Join(' ', cmd)).Append('\n');
            sb.Append(Normalise(cmd[0], r.Stdout.Replace(poolDir, "POOLDIR", StringComparison.Ordinal)));
            sb.Append("[exit ").Append(r.TimedOut ? "TIMEOUT" : r.ExitCode.ToString(System.Globalization.CultureInfo.InvariantCulture)).Append("]\n");
        }
        return sb.ToString();
    }

    private static string Normalise(string command, string text)
    {
        text = Uuid().Replace(text, "UUID");
        text = Timestamp().Replace(text, "<$1>T</$1>");
        text = OwnerId().Replace(text, "<$1>ID</$1>");
        if (command is "pool-info" or "pool-list")
        {
            // vireod always has its 'default' pool; the reference libvirtd has none
            text = string.Join('\n', text.Split('\n').Where(l => !l.TrimStart().StartsWith("default ", StringComparison.Ordinal)));
            text = HumanSize().Replace(text, "SIZE");
        }
        if (command is "pool-info" or "pool-list" or "vol-list")
        {
            // column widths follow the (masked) path lengths and sizes
            text = Spaces().Replace(text, " ");
            text = Dashes().Replace(text, "---");
        }
        return text.TrimEnd() + "\n";
    }

    [GeneratedRegex("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")]
    private static partial Regex Uuid();

    [GeneratedRegex(@"<(atime|mtime|ctime|btime)>[0-9.]+</\1>")]
    private static partial Regex Timestamp();

    [GeneratedRegex(@"<(owner|group)>[0-9]+</\1>")]
    private static partial Regex OwnerId();

    [GeneratedRegex(@"[0-9]+\.[0-9]{2} [KMGTPE]?i?B")]
    private static partial Regex HumanSize();

    [GeneratedRegex(" {2,}")]
    private static partial Regex Spaces();

    [GeneratedRegex("-{3,}")]
    private static partial Regex Dashes();
}
