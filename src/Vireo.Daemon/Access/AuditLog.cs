namespace Vireo.Daemon.Access;

/// <summary>
/// LOG/audit.log: one line for every mutating call and every refused one —
/// <c>TIME who="..." op=virDomainCreate object="domain 'web-1'" result=success|denied|error reason="..."</c>.
/// </summary>
public sealed class AuditLog(string path)
{
    private readonly Lock _gate = new();
    private StreamWriter? _writer;

    public string Path => path;

    public void Record(AccessSubject who, string api, CallObject obj, string result, string? reason = null)
    {
        var line = $"{DateTime.UtcNow:yyyy-MM-ddTHH:mm:ss.fffZ} who=\"{Quote(who.ToString())}\" op={api} object=\"{Quote(obj.ToString())}\" result={result}"
                   + (reason is null ? "" : $" reason=\"{Quote(reason)}\"");
        lock (_gate)
        {
            try
            {
                _writer ??= new StreamWriter(new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite)) { AutoFlush = true };
                _writer.WriteLine(line);
            }
            catch (IOException e)
            {
                Logging.DaemonLog.Error($"cannot write the audit log {path}: {e.Message}");
            }
        }
    }

    private static string Quote(string s) => s.Replace("\\", "\\\\").Replace("\"", "\\\"").Replace("\n", "\\n");
}
