using Vireo.Install.OsInfo;

namespace Vireo.Web.Api;

/// <summary>
/// The New VM wizard's OS variants: Vireo.Install's osinfo-db reader (the one vireo-install uses), as the page lists
/// them (short id, name, libosinfo URI). Only "generic" where osinfo-db is not installed (the field is then free text).
/// </summary>
public static class OsInfoCatalog
{
    private static readonly Lazy<List<OsVariant>> Variants = new(() =>
        OsInfoDatabase.Default.ListSorted().Select(o => new OsVariant(o.ShortId, o.Name, o.IsGeneric ? null : o.Id)).ToList());

    public static List<OsVariant> All => Variants.Value;

    /// <summary>The libosinfo URI of a short id (any alias), or null for generic or unknown ones.</summary>
    public static string? UriOf(string? shortId) =>
        shortId is null ? null : OsInfoDatabase.Default.Lookup(shortId) is { IsGeneric: false } os ? os.Id : null;
}
