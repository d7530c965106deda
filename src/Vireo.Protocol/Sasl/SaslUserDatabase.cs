using System.Globalization;

namespace Vireo.Protocol.Sasl;

/// <summary>
/// vireod's SASL user database: one line per user, <c>NAME:SCRAM-SHA-256:ITERATIONS:SALT:STOREDKEY:SERVERKEY</c>
/// (base64 fields). Only salted verifiers are stored, never a password. Written atomically with mode 0600.
/// </summary>
public sealed class SaslUserDatabase
{
    private readonly SortedDictionary<string, ScramVerifier> _users = new(StringComparer.Ordinal);

    public IReadOnlyCollection<string> Users => _users.Keys;

    public ScramVerifier? Find(string user) => _users.GetValueOrDefault(user);

    /// <summary>Loads <paramref name="path"/>; a missing file is an empty database.</summary>
    public static SaslUserDatabase Load(string path)
    {
        var db = new SaslUserDatabase();
        if (!File.Exists(path)) return db;
        int lineNo = 0;
        foreach (var raw in File.ReadLines(path))
        {
            lineNo++;
            if (raw.Length == 0 || raw.StartsWith('#')) continue;
            var f = raw.Split(':');
            if (f.Length != 6 || f[1] != Scram.Mechanism || !int.TryParse(f[2], NumberStyles.None, CultureInfo.InvariantCulture, out int iterations))
                throw new FormatException($"{path}:{lineNo}: not a '{Scram.Mechanism}' user entry");
            try
            {
                db._users[f[0]] = new ScramVerifier(Convert.FromBase64String(f[3]), iterations, Convert.FromBase64String(f[4]), Convert.FromBase64String(f[5]));
            }
            catch (FormatException)
            {
                throw new FormatException($"{path}:{lineNo}: bad base64 in the entry of '{f[0]}'");
            }
        }
        return db;
    }

    /// <summary>A user name the file format and SCRAM can carry: not empty, no ':' and no control characters.</summary>
    public static string? CheckName(string user) =>
        user.Length == 0 ? "the user name is empty"
        : user.Any(c => c == ':' || char.IsControl(c)) ? $"user name '{user}' contains ':' or a control character"
        : null;

    public void Set(string user, ScramVerifier verifier)
    {
        if (CheckName(user) is { } problem) throw new ArgumentException(problem);
        _users[user] = verifier;
    }

    public bool Remove(string user) => _users.Remove(user);

    /// <summary>Writes the database: temp file (0600) in the same directory, fsync, rename over the old one.</summary>
    public void Save(string path)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(dir);
        var tmp = Path.Combine(dir, $".{Path.GetFileName(path)}.{Environment.ProcessId}.tmp");
        try
        {
            using (var fs = new FileStream(tmp, new FileStreamOptions
            {
                Mode = FileMode.Create, Access = FileAccess.Write,
                UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
            }))
            using (var w = new StreamWriter(fs))
            {
                w.Write("# vireod SASL users: NAME:MECHANISM:ITERATIONS:SALT:STOREDKEY:SERVERKEY (written by vireo-saslpasswd)\n");
                foreach (var (name, v) in _users)
                    w.Write($"{name}:{Scram.Mechanism}:{v.Iterations}:{Convert.ToBase64String(v.Salt)}:{Convert.ToBase64String(v.StoredKey)}:{Convert.ToBase64String(v.ServerKey)}\n");
                w.Flush();
                fs.Flush(flushToDisk: true);
            }
            File.Move(tmp, path, overwrite: true);
        }
        catch
        {
            File.Delete(tmp);
            throw;
        }
    }
}
