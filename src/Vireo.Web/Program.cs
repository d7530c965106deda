using Vireo.Web;
using Vireo.Web.Users;

// vireo-web [--listen HOST:PORT] [--connect URI]... [--users FILE] [--auth file|pam] [--pam-service NAME]
// vireo-web adduser [--users FILE] NAME      (password from stdin)
if (args.Length > 0 && args[0] == "adduser")
    return AddUser(args[1..]);
if (args.Contains("--help") || args.Contains("-h"))
{
    Console.WriteLine("usage: vireo-web [--listen HOST:PORT] [--connect URI]... [--users FILE] [--auth file|pam] [--pam-service NAME]\n       vireo-web adduser [--users FILE] NAME   (reads the password from stdin)");
    return 0;
}
WebOptions options;
try
{
    options = WebOptions.Parse(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine("vireo-web: " + e.Message);
    return 2;
}
var users = new UsersFile(options.UsersFile);
if (options.Auth == "file" && (!users.Exists || users.UserNames().Count == 0))
{
    Console.Error.WriteLine($"vireo-web: no users in {options.UsersFile}: add one with 'vireo-web adduser --users {options.UsersFile} NAME'");
    return 2;
}
await using var server = WebServer.Create(options);
await server.StartAsync();
Console.WriteLine($"vireo-web: listening on {server.Url}");
var done = new TaskCompletionSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; done.TrySetResult(); };
AppDomain.CurrentDomain.ProcessExit += (_, _) => done.TrySetResult();
await done.Task;
return 0;

static int AddUser(string[] args)
{
    string usersPath = WebOptions.DefaultUsersFile;
    string? name = null;
    for (int i = 0; i < args.Length; i++)
    {
        if (args[i] == "--users" && i + 1 < args.Length) usersPath = args[++i];
        else if (args[i].StartsWith("--users=", StringComparison.Ordinal)) usersPath = args[i]["--users=".Length..];
        else if (name is null && !args[i].StartsWith('-')) name = args[i];
        else { Console.Error.WriteLine($"vireo-web adduser: unexpected argument '{args[i]}'"); return 2; }
    }
    if (name is null)
    {
        Console.Error.WriteLine("usage: vireo-web adduser [--users FILE] NAME   (reads the password from stdin)");
        return 2;
    }
    string? password = Console.In.ReadLine();
    try
    {
        new UsersFile(usersPath).SetPassword(name, password ?? "");
    }
    catch (ArgumentException e)
    {
        Console.Error.WriteLine("vireo-web adduser: " + e.Message);
        return 1;
    }
    Console.WriteLine($"vireo-web: user '{name}' stored in {usersPath}");
    return 0;
}
