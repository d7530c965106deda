using Vireo.Integration.Tests.Infrastructure;

namespace Vireo.Integration.Tests.Network;

/// <summary>Steps the TCG guest network tests share: wait for a serial-log line, run commands on the host or in a "LAN" namespace.</summary>
internal static class GuestLanSteps
{
    public static string WaitFor(string log, string pattern, NetnsVireod d)
    {
        var until = Environment.TickCount64 + 300_000;
        while (true)
        {
            var text = ReadShared(log);
            var m = System.Text.RegularExpressions.Regex.Match(text, pattern);
            if (m.Success)
                return m.Groups[1].Value;
            if (Environment.TickCount64 > until)
                throw new TimeoutException($"'{pattern}' not in the serial log within 300 s; tail:\n{text[Math.Max(0, text.Length - 3000)..]}\n{d.Describe()}");
            Thread.Sleep(250); // poll interval until the deadline above
        }
    }

    public static string ReadShared(string path)
    {
        if (!File.Exists(path))
            return "";
        using var fs = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        return new StreamReader(fs).ReadToEnd();
    }

    public static ProcessResult InLan(string lan, params string[] argv) => Run(["ip", "netns", "exec", lan, .. argv]);

    public static ProcessResult Run(params string[] argv) => ProcessRunner.Run(argv[0], argv.Skip(1), timeout: TimeSpan.FromSeconds(30));
}
