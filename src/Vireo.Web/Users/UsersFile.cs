using System.Security.Cryptography;
using System.Text;

namespace Vireo.Web.Users;

/// <summary>
/// The web users file: one line per user, <c>NAME:pbkdf2-sha256:ITERATIONS:SALT:HASH</c> (salt and hash base64).
/// Written atomically (temp file, fsync, rename) with mode 0600, since the hashes are secrets too.
/// </summary>
public sealed class UsersFile(string path) : IPasswordCheck
{
    private const string Scheme = "pbkdf2-sha256";
    private const int Iterations = 200_000, SaltBytes = 16, HashBytes = 32;

    public string Path { get; } = path;

    public bool Exists => File.Exists(Path);

    /// <summary>A user name is letters, digits and ._- (no ':' which separates the fields).</summary>
    public static bool IsValidName(string name) =>
        name.Length is > 0 and <= 64 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-');

    public IReadOnlyList<string> UserNames() => ReadLines().Select(l => l.Split(':')[0]).ToList();

    /// <summary>True when <paramref name="name"/> exists and <paramref name="password"/> is its password.</summary>
    public bool Verify(string name, string password)
    {
        foreach (var line in ReadLines())
        {
            var f = line.Split(':');
            if (f.Length != 5 || f[0] != name || f[1] != Scheme || !int.TryParse(f[2], out int iterations))
                continue;
            byte[] salt, expected;
            try
            {
                salt = Convert.FromBase64String(f[3]);
                expected = Convert.FromBase64String(f[4]);
            }
            catch (FormatException)
            {
                return false;
            }
            var actual = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA256, expected.Length);
            return CryptographicOperations.FixedTimeEquals(actual, expected);
        }
        // same work for an unknown user, so timing does not tell which names exist
        Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), new byte[SaltBytes], Iterations, HashAlgorithmName.SHA256, HashBytes);
        return false;
    }

    /// <summary>Adds the user, or replaces its password when it exists.</summary>
    public void SetPassword(string name, string password)
    {
        if (!IsValidName(name))
            throw new ArgumentException($"invalid user name '{name}': use letters, digits, '.', '_' or '-'");
        if (password.Length == 0)
            throw new ArgumentException("empty password");
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        var hash = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, Iterations, HashAlgorithmName.SHA256, HashBytes);
        var entry = $"{name}:{Scheme}:{Iterations}:{Convert.ToBase64String(salt)}:{Convert.ToBase64String(hash)}";
        var lines = ReadLines().Where(l => l.Split(':')[0] != name).Append(entry);
        WriteAtomically(string.Join('\n', lines) + "\n");
    }

    private IEnumerable<string> ReadLines() =>
        Exists ? File.ReadAllLines(Path).Where(l => l.Length > 0 && !l.StartsWith('#')) : [];

    private void WriteAtomically(string text)
    {
        var dir = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(Path))!;
        Directory.CreateDirectory(dir);
        var tmp = Path + ".tmp." + Environment.ProcessId;
        using (var fs = new FileStream(tmp, new FileStreamOptions
               {
                   Mode = FileMode.Create, Access = FileAccess.Write,
                   UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
               }))
        {
            fs.Write(Encoding.UTF8.GetBytes(text));
            fs.Flush(flushToDisk: true);
        }
        File.Move(tmp, Path, overwrite: true);
    }
}
