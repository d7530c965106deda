using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Vireo.Img.Tests;

/// <summary>Runs vireo-img in-process and the real qemu-img / qemu-io as processes (never sleeps).</summary>
internal static class Tools
{
    public static (int Code, string Out, string Err) Ours(params string[] args)
    {
        var o = new StringWriter();
        var e = new StringWriter();
        int code = Program.Run(args, o, e);
        return (code, o.ToString(), e.ToString());
    }

    public static (int Code, string Out, string Err) Theirs(params string[] args) => Run("qemu-img", args);

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

    /// <summary>Runs qemu-img and fails the test when it fails.</summary>
    public static string Qemu(params string[] args)
    {
        var r = Theirs(args);
        Assert.True(r.Code == 0, $"qemu-img {string.Join(' ', args)} failed ({r.Code}): {r.Err}{r.Out}");
        return r.Out;
    }

    /// <summary>qemu-io commands in one process.</summary>
    public static void Io(string file, params string[] commands)
    {
        var args = new List<string>();
        foreach (var c in commands)
        {
            args.Add("-c");
            args.Add(c);
        }
        args.Add(file);
        var r = Run("qemu-io", args.ToArray());
        Assert.True(r.Code == 0 && !r.Out.Contains("failed") && r.Err.Length == 0, $"qemu-io failed: {r.Err}{r.Out}");
    }

    public static void AssertClean(string file)
    {
        var r = Theirs("check", file);
        Assert.True(r.Code == 0, $"qemu-img check {file} exited {r.Code}:\n{r.Out}\n{r.Err}");
    }

    public static void AssertSameContent(string a, string b)
    {
        var r = Theirs("compare", a, b);
        Assert.True(r.Code == 0, $"qemu-img compare {a} {b} exited {r.Code}: {r.Out}{r.Err}");
    }

    /// <summary>qemu-img's name replaced by ours (the only legitimate difference in error text).</summary>
    public static string Err(string qemuErr) => qemuErr.Replace("qemu-img:", "vireo-img:").Replace("'qemu-img ", "'vireo-img ").Replace("qemu-img --help", "vireo-img --help");

    /// <summary>info --output=json without the fields that depend on host allocation (disk usage differs by layout).</summary>
    public static string InfoJson(string file, bool ours)
    {
        var r = ours ? Ours("info", "--output=json", file) : Theirs("info", "--output=json", file);
        Assert.Equal(0, r.Code);
        return Regex.Replace(r.Out, "\"actual-size\": [0-9]+", "\"actual-size\": N");
    }

    public static string Tmp()
    {
        var d = Path.Combine(Path.GetTempPath(), "vireo-img-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(d);
        return d;
    }
}
