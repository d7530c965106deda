using Vireo.Install.Cli;

namespace Vireo.Install.Unattended;

/// <summary>--unattended [profile=,admin-password-file=,user-login=,user-password-file=,product-key=,reg-login=].</summary>
public sealed class UnattendedOptions
{
    public string? Profile { get; private init; }
    public string? AdminPasswordFile { get; private init; }
    public string? UserLogin { get; private init; }
    public string? UserPasswordFile { get; private init; }
    public string? ProductKey { get; private init; }
    public string? RegLogin { get; private init; }

    public static UnattendedOptions Parse(string text)
    {
        var s = SubOptions.Parse("--unattended", text == "1" ? "" : text, "profile");
        s.CheckKnown("profile", "admin-password-file", "user-login", "user-password-file", "product-key", "reg-login");
        return new UnattendedOptions
        {
            Profile = s.Get("profile"),
            AdminPasswordFile = s.Get("admin-password-file"),
            UserLogin = s.Get("user-login"),
            UserPasswordFile = s.Get("user-password-file"),
            ProductKey = s.Get("product-key"),
            RegLogin = s.Get("reg-login"),
        };
    }

    public string? AdminPassword => ReadPassword(AdminPasswordFile);

    public string? UserPassword => ReadPassword(UserPasswordFile);

    // the first line of the file, without its line ending, as virt-install reads it
    private static string? ReadPassword(string? file)
    {
        if (file == null)
            return null;
        try
        {
            using var r = new StreamReader(file);
            return (r.ReadLine() ?? "").TrimEnd('\r', '\n');
        }
        catch (IOException e)
        {
            throw new InstallException($"Error reading password file '{file}': {e.Message}");
        }
        catch (UnauthorizedAccessException e)
        {
            throw new InstallException($"Error reading password file '{file}': {e.Message}");
        }
    }
}
