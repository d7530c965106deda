namespace Vireo.Web.Users;

/// <summary>Checks a login: the web users file or the host's local users through PAM (--auth file|pam).</summary>
public interface IPasswordCheck
{
    bool Verify(string user, string password);
}
