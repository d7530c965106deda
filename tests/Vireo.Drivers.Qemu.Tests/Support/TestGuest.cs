using System.Diagnostics;

namespace Vireo.Drivers.Qemu.Tests.Support;

/// <summary>The test guest (kernel + initramfs) built once per machine by tests/guest/build.sh, and helpers to watch its serial log.</summary>
public static class TestGuest
{
    public const string Ready = "VIREO-GUEST-READY";
    public const string PowerButton = "VIREO-POWER-BUTTON";

    private static readonly Lazy<(string Kernel, string Initrd)> Built = new(Build, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Path of qemu-system-x86_64, or null when it is not installed.</summary>
    public static string? Emulator { get; } = new[] { "/usr/bin/qemu-system-x86_64", "/usr/local/bin/qemu-system-x86_64" }.FirstOrDefault(File.Exists);

    public static string Kernel => Built.Value.Kernel;
    public static string Initrd => Built.Value.Initrd;

    /// <summary>The disk-image variant: a raw FAT disk with a syslinux boot sector, the same kernel and initramfs.</summary>
    public static string DiskImage => Path.Combine(Path.GetDirectoryName(Built.Value.Kernel)!, "disk.img");

    private static (string, string) Build()
    {
        var script = Path.Combine(RepoRoot(), "tests", "guest", "build.sh");
        var psi = new ProcessStartInfo("/bin/bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(script);
        using var p = Process.Start(psi)!;
        var stderr = p.StandardError.ReadToEndAsync();
        var stdout = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0)
            throw new InvalidOperationException($"tests/guest/build.sh failed ({p.ExitCode}): {stderr.Result}");
        var dir = stdout.Trim().Split('\n').Last().Trim();
        return (Path.Combine(dir, "vmlinuz"), Path.Combine(dir, "initrd.img"));
    }

    public static string RepoRoot()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "tests", "guest", "build.sh")))
                return d.FullName;
        throw new DirectoryNotFoundException("repository root (with tests/guest/build.sh) not found above " + AppContext.BaseDirectory);
    }

    /// <summary>Reads a file another process is writing.</summary>
    public static string ReadShared(string path)
    {
        if (!File.Exists(path))
            return "";
        using var fs = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var sr = new StreamReader(fs);
        return sr.ReadToEnd();
    }

    /// <summary>Polls a serial log until <paramref name="text"/> appears (after <paramref name="from"/>); fails at the deadline with the log's tail.</summary>
    public static async Task WaitForAsync(string path, string text, TimeSpan deadline, int from = 0)
    {
        var until = new PollDeadline(deadline);
        while (true)
        {
            var content = ReadShared(path);
            if (content.Length > from && content.IndexOf(text, from, StringComparison.Ordinal) >= 0)
                return;
            if (until.Expired)
                throw new TimeoutException($"'{text}' did not appear in {path} within {deadline.TotalSeconds:0} s; tail:\n{Tail(content)}");
            await PollDeadline.NextPollAsync();
        }
    }

    /// <summary>The last "VIREO-COUNTER n" value in a serial log, or -1.</summary>
    public static int LastCounter(string path)
    {
        var content = ReadShared(path);
        int i = content.LastIndexOf("VIREO-COUNTER ", StringComparison.Ordinal);
        if (i < 0)
            return -1;
        var rest = content[(i + "VIREO-COUNTER ".Length)..];
        var digits = new string(rest.TakeWhile(char.IsAsciiDigit).ToArray());
        return digits.Length > 0 ? int.Parse(digits, System.Globalization.CultureInfo.InvariantCulture) : -1;
    }

    public static string Tail(string s) => s.Length > 2000 ? s[^2000..] : s;
}
