namespace Vireo.Install.Unattended;

/// <summary>
/// How a script is handed to the installer (initrd or cdrom), where packages come from (media or network), and the
/// install config values (admin-password, user-login, hostname, l10n-*, target-disk ...), in libosinfo's names.
/// </summary>
public sealed record ScriptSettings(string InjectionMethod, string InstallationSource, IReadOnlyList<KeyValuePair<string, string>> Config);
