namespace Vireo.Daemon.Logging;

/// <summary>vireod's log: every line to stderr and to LOG/vireod.log, with a timestamp and level.</summary>
public static class DaemonLog
{
    private static readonly Lock Gate = new();
    private static StreamWriter? _file;

    /// <summary>Set VIREO_DEBUG=1 to log every RPC call.</summary>
    public static bool Debug { get; set; } = Environment.GetEnvironmentVariable("VIREO_DEBUG") == "1";

    public static void Open(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        _file = new StreamWriter(new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite)) { AutoFlush = true };
    }

    public static void Info(string message) => Write("info", message);
    public static void Warn(string message) => Write("warning", message);
    public static void Error(string message) => Write("error", message);
    public static void Trace(string message) { if (Debug) Write("debug", message); }

    private static void Write(string level, string message)
    {
        var line = $"{DateTime.UtcNow:yyyy-MM-dd HH:mm:ss.fff}+0000: {Environment.ProcessId}: {level} : {message}";
        lock (Gate)
        {
            Console.Error.WriteLine(line);
            _file?.WriteLine(line);
        }
    }
}
