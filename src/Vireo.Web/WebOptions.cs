namespace Vireo.Web;

/// <summary>vireo-web's command line: <c>--listen HOST:PORT --connect URI... --users FILE --auth file|pam --pam-service NAME</c>.</summary>
public sealed class WebOptions
{
    public const string DefaultListen = "127.0.0.1:8080";
    public const string DefaultUsersFile = "/etc/vireo/web-users";

    public string Listen { get; set; } = DefaultListen;
    public List<string> Connect { get; } = [];
    public string UsersFile { get; set; } = DefaultUsersFile;
    /// <summary>How logins are checked: "file" (the users file) or "pam" (local users, PAM service <see cref="PamService"/>).</summary>
    public string Auth { get; set; } = "file";
    public string PamService { get; set; } = Users.PamAuthenticator.DefaultService;

    /// <summary>Preferences and saved connections live beside the users file.</summary>
    public string SettingsFile => Path.Combine(Path.GetDirectoryName(Path.GetFullPath(UsersFile))!, "web-settings.json");

    /// <summary>Parses the server's options; throws <see cref="ArgumentException"/> with the message to print.</summary>
    public static WebOptions Parse(IReadOnlyList<string> args)
    {
        var o = new WebOptions();
        for (int i = 0; i < args.Count; i++)
        {
            string a = args[i];
            string Value() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"option '{a}' needs a value");
            switch (a)
            {
                case "--listen": o.Listen = Value(); break;
                case "--connect" or "-c": o.Connect.Add(Value()); break;
                case "--users": o.UsersFile = Value(); break;
                case "--auth": o.Auth = Value(); break;
                case "--pam-service": o.PamService = Value(); break;
                default:
                    if (a.StartsWith("--listen=", StringComparison.Ordinal)) o.Listen = a["--listen=".Length..];
                    else if (a.StartsWith("--connect=", StringComparison.Ordinal)) o.Connect.Add(a["--connect=".Length..]);
                    else if (a.StartsWith("--users=", StringComparison.Ordinal)) o.UsersFile = a["--users=".Length..];
                    else if (a.StartsWith("--auth=", StringComparison.Ordinal)) o.Auth = a["--auth=".Length..];
                    else if (a.StartsWith("--pam-service=", StringComparison.Ordinal)) o.PamService = a["--pam-service=".Length..];
                    else throw new ArgumentException($"unknown option '{a}'");
                    break;
            }
        }
        ParseListen(o.Listen);
        if (o.Auth is not ("file" or "pam"))
            throw new ArgumentException($"invalid --auth '{o.Auth}': expected 'file' or 'pam'");
        if (o.PamService.Length == 0 || o.PamService.Contains('/'))
            throw new ArgumentException($"invalid --pam-service '{o.PamService}'");
        return o;
    }

    /// <summary>HOST:PORT (IPv6 as [ADDR]:PORT) into its parts.</summary>
    public static (System.Net.IPAddress Address, int Port) ParseListen(string listen)
    {
        int colon = listen.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(listen[(colon + 1)..], out int port) || port is < 0 or > 65535)
            throw new ArgumentException($"invalid --listen '{listen}': expected HOST:PORT");
        string host = listen[..colon].Trim('[', ']');
        if (host == "localhost") host = "127.0.0.1";
        if (!System.Net.IPAddress.TryParse(host, out var addr))
            throw new ArgumentException($"invalid --listen '{listen}': HOST must be an IP address");
        return (addr, port);
    }
}
