using Vireo.Protocol.Sasl;

// vireo-saslpasswd: manages vireod's SASL (SCRAM-SHA-256) users, as saslpasswd2 does libvirtd's sasldb.
//   vireo-saslpasswd [-f FILE] [-p] USER     set USER's password (asked twice on a terminal; one line from stdin with -p or no terminal)
//   vireo-saslpasswd [-f FILE] -d USER       delete USER
//   vireo-saslpasswd [-f FILE] -l            list users
// FILE defaults to /etc/vireo/sasl-users (vireod's sasl_db_path default; ROOT/etc/sasl-users for vireod --root ROOT).
const string Usage = """
    Usage: vireo-saslpasswd [-f FILE] [-p] [-i ITERATIONS] USER
           vireo-saslpasswd [-f FILE] -d USER
           vireo-saslpasswd [-f FILE] -l

      -f FILE        user database (default /etc/vireo/sasl-users)
      -p             read the password from stdin (one line), without prompting
      -d             delete the user
      -l             list the users
      -i ITERATIONS  PBKDF2 iterations for the new verifier (default 4096)
    """;

string file = "/etc/vireo/sasl-users";
bool pipe = false, delete = false, list = false;
int iterations = Scram.DefaultIterations;
string? user = null;
for (int i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "-f" when i + 1 < args.Length: file = args[++i]; break;
        case "-i" when i + 1 < args.Length:
            if (!int.TryParse(args[++i], out iterations) || iterations < 4096)
                return Fail($"iterations must be a number of at least 4096, not '{args[i]}'");
            break;
        case "-p": pipe = true; break;
        case "-d": delete = true; break;
        case "-l": list = true; break;
        case "-h" or "--help": Console.WriteLine(Usage); return 0;
        default:
            if (args[i].StartsWith('-') || user is not null) return Fail($"unexpected argument '{args[i]}'\n{Usage}", 2);
            user = args[i];
            break;
    }
}

SaslUserDatabase db;
try { db = SaslUserDatabase.Load(file); }
catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException) { return Fail(e.Message); }

if (list)
{
    foreach (var name in db.Users) Console.WriteLine($"{name}: {Scram.Mechanism}");
    return 0;
}
if (user is null) return Fail($"a user name is required\n{Usage}", 2);
if (SaslUserDatabase.CheckName(user) is { } problem) return Fail(problem);

if (delete)
{
    if (!db.Remove(user)) return Fail($"user '{user}' not found in {file}");
}
else
{
    string? password = ReadPassword(pipe || Console.IsInputRedirected);
    if (string.IsNullOrEmpty(password)) return Fail("no password given");
    db.Set(user, ScramVerifier.FromPassword(password, iterations));
}
try { db.Save(file); }
catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return Fail($"cannot write {file}: {e.Message}"); }
return 0;

static string? ReadPassword(bool fromStdin)
{
    if (fromStdin) return Console.In.ReadLine();
    var first = Ask("Password: ");
    var again = Ask("Again (for verification): ");
    if (first != again) { Console.Error.WriteLine("vireo-saslpasswd: passwords don't match"); return null; }
    return first;
}

static string Ask(string prompt)
{
    Console.Error.Write(prompt);
    var sb = new System.Text.StringBuilder();
    for (var k = Console.ReadKey(intercept: true); k.Key != ConsoleKey.Enter; k = Console.ReadKey(intercept: true))
    {
        if (k.Key == ConsoleKey.Backspace) { if (sb.Length > 0) sb.Length--; }
        else sb.Append(k.KeyChar);
    }
    Console.Error.WriteLine();
    return sb.ToString();
}

static int Fail(string message, int code = 1)
{
    Console.Error.WriteLine($"vireo-saslpasswd: {message}");
    return code;
}
