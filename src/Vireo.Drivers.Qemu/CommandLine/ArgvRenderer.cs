using System.Text;

namespace Vireo.Drivers.Qemu.CommandLine;

/// <summary>
/// The one renderer of a QEMU command: to an argv list for execution, and to the golden text form
/// (one option per line with " \" continuations and shell quoting, like libvirt's qemuxml2argv .args files).
/// </summary>
public static class ArgvRenderer
{
    /// <summary>The executable followed by every flag and value, in order.</summary>
    public static IReadOnlyList<string> ToArgv(string emulator, IEnumerable<QemuArg> args)
    {
        var argv = new List<string> { emulator };
        foreach (var a in args)
        {
            argv.Add(a.Flag);
            if (a.Value is not null)
                argv.Add(a.Value);
        }
        return argv;
    }

    /// <summary>Golden text: "emulator \", then "-flag value \" per option; the last line has no continuation.</summary>
    public static string ToText(string emulator, IEnumerable<QemuArg> args)
    {
        var lines = new List<string> { Quote(emulator) };
        foreach (var a in args)
            lines.Add(a.Value is null ? a.Flag : a.Flag + " " + Quote(a.Value));
        var sb = new StringBuilder();
        for (int i = 0; i < lines.Count; i++)
        {
            sb.Append(lines[i]);
            sb.Append(i < lines.Count - 1 ? " \\\n" : "\n");
        }
        return sb.ToString();
    }

    /// <summary>Single-quotes a word when the shell would otherwise split or expand it.</summary>
    public static string Quote(string word)
    {
        if (word.Length > 0 && word.All(c => char.IsAsciiLetterOrDigit(c) || "-_./=,:@+%".Contains(c)))
            return word;
        return "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
    }
}
