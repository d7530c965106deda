using System.Diagnostics;

namespace Vireo.Images.Tests;

/// <summary>Runs the real qemu-img / qemu-io (Debian qemu-utils 7.2) and waits for them; never sleeps.</summary>
internal static class Qemu
{
    public static bool Available => File.Exists("/usr/bin/qemu-img") && File.Exists("/usr/bin/qemu-io");

    public static (int Code, string Out, string Err) Run(string tool, params string[] args)
    {
        var psi = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args)
            psi.ArgumentList.Add(a);
        psi.Environment["TZ"] = "UTC";
        using var p = Process.Start(psi)!;
        var err = p.StandardError.ReadToEndAsync();
        string output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, output, err.Result);
    }

    public static string Img(params string[] args)
    {
        var (code, o, e) = Run("qemu-img", args);
        if (code != 0)
            throw new Xunit.Sdk.XunitException($"qemu-img {string.Join(' ', args)} failed ({code}): {e}{o}");
        return o;
    }

    /// <summary>Runs qemu-io commands in one process (one -c per command).</summary>
    public static void Io(string file, string format, IEnumerable<string> commands)
    {
        var args = new List<string> { "-f", format };
        foreach (var c in commands)
        {
            args.Add("-c");
            args.Add(c);
        }
        args.Add(file);
        var (code, o, e) = Run("qemu-io", args.ToArray());
        if (code != 0 || o.Contains("failed") || e.Length > 0)
            throw new Xunit.Sdk.XunitException($"qemu-io failed ({code}): {e}{o}");
    }

    /// <summary>Asserts the real qemu-img check finds nothing wrong.</summary>
    public static void AssertClean(string file)
    {
        var (code, o, e) = Run("qemu-img", "check", file);
        Assert.True(code == 0, $"qemu-img check {file} exited {code}:\n{o}\n{e}");
    }

    public static void AssertSameContent(string a, string b)
    {
        var (code, o, e) = Run("qemu-img", "compare", a, b);
        Assert.True(code == 0, $"qemu-img compare {a} {b} exited {code}: {o}{e}");
    }
}

/// <summary>A scratch directory under /tmp, deleted afterwards.</summary>
internal sealed class TempDir : IDisposable
{
    public TempDir()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "vireo-images-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string this[string name] => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, true);
        }
        catch (IOException)
        {
        }
    }
}
