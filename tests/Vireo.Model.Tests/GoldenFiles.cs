using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Vireo.Model.Tests;

/// <summary>Golden in/out pairs under Golden/, produced by real virsh (test:///default); VIREO_REGENERATE_GOLDEN=1 rewrites the .out.xml files.</summary>
public static partial class GoldenFiles
{
    /// <summary>True when the goldens are to be rewritten from the real virsh.</summary>
    public static bool Regenerate => Environment.GetEnvironmentVariable("VIREO_REGENERATE_GOLDEN") == "1";

    /// <summary>The Golden directory in the source tree.</summary>
    public static string Dir { get; } = Path.Combine(SourceDir(), "Golden");

    private static string SourceDir([CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;

    /// <summary>Case names (file name without .in.xml) whose name starts with <paramref name="prefix"/>.</summary>
    public static TheoryData<string> Cases(string prefix)
    {
        var data = new TheoryData<string>();
        foreach (var f in Directory.GetFiles(Dir, prefix + "*.in.xml").Order(StringComparer.Ordinal))
            data.Add(Path.GetFileName(f)[..^".in.xml".Length]);
        return data;
    }

    public static string InputPath(string name) => Path.Combine(Dir, name + ".in.xml");
    public static string OutputPath(string name) => Path.Combine(Dir, name + ".out.xml");
    public static string Input(string name) => File.ReadAllText(InputPath(name));

    /// <summary>The expected output; in regenerate mode it is first rewritten by running <paramref name="virshCommands"/>.</summary>
    public static string Expected(string name, Func<string> virshCommands)
    {
        if (Regenerate)
            File.WriteAllText(OutputPath(name), Virsh(virshCommands()));
        return File.ReadAllText(OutputPath(name));
    }

    /// <summary>Runs one virsh process on test:///default with ';'-separated commands and returns its stdout.</summary>
    public static string Virsh(string commands)
    {
        var psi = new ProcessStartInfo("virsh")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Dir,
        };
        foreach (var a in new[] { "-q", "-c", "test:///default", commands })
            psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEnd();
        var stderr = p.StandardError.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0 || stderr.Length > 0)
            throw new InvalidOperationException($"virsh '{commands}' failed: {stderr}");
        return stdout;
    }

    /// <summary>The &lt;name&gt; of an input document.</summary>
    public static string NameOf(string xml) => XElement.Parse(xml).Element("name")!.Value;

    /// <summary>Masks values libvirt generates at random (UUIDs, MACs) that the input did not fix, so outputs compare.</summary>
    public static string MaskGenerated(string xml, string input)
    {
        if (!input.Contains("<uuid>", StringComparison.Ordinal))
            xml = UuidRe().Replace(xml, "<uuid>GENERATED</uuid>");
        return MacRe().Replace(xml, m => input.Contains(m.Groups[1].Value, StringComparison.OrdinalIgnoreCase) ? m.Value : "address='GENERATED'");
    }

    [GeneratedRegex("<uuid>[0-9a-f-]{36}</uuid>")]
    private static partial Regex UuidRe();

    [GeneratedRegex("address='(52:54:00:[0-9a-f:]{8})'")]
    private static partial Regex MacRe();
}
