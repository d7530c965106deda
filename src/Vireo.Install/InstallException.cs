namespace Vireo.Install;

/// <summary>An error virt-install reports as "ERROR    MESSAGE" and exit status 1; nothing is left half-created.</summary>
public sealed class InstallException(string message) : Exception(message);
