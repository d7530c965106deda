namespace Vireo.Drivers.Domains;

/// <summary>virDomainConsoleFlags (also used by virDomainOpenChannel).</summary>
public static class ConsoleFlags
{
    /// <summary>Take the console over from a client that already has it open.</summary>
    public const uint Force = 1;

    /// <summary>Only open a console whose driver can guarantee exclusive access (ours always can).</summary>
    public const uint Safe = 2;
}
