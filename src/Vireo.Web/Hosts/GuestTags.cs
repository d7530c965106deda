using System.Text.RegularExpressions;
using System.Xml;
using System.Xml.Linq;
using Vireo.Client.Api;
using Vireo.Protocol.Errors;
using Vireo.Web.Api;

namespace Vireo.Web.Hosts;

/// <summary>
/// A guest's tags, kept where libvirt users look for an application's data: one element of the domain's
/// &lt;metadata&gt; in vireo-web's namespace (virDomainSetMetadata type ELEMENT), so `virsh metadata GUEST
/// https://vireo.dev/xmlns/web/1.0` shows them and they live as long as the definition does:
/// &lt;vireo:tags xmlns:vireo="https://vireo.dev/xmlns/web/1.0"&gt;&lt;vireo:tag&gt;web&lt;/vireo:tag&gt;&lt;/vireo:tags&gt;
/// </summary>
public static partial class GuestTags
{
    public const string NamespaceUri = "https://vireo.dev/xmlns/web/1.0";
    public const string Prefix = "vireo";
    public const int MaxLength = 40, MaxCount = 20;

    [GeneratedRegex(@"^[\p{L}\p{N}][\p{L}\p{N} ._:+-]*$")]
    private static partial Regex TagPattern();

    /// <summary>The tags of a guest (none when it has no element of the namespace).</summary>
    public static async Task<string[]> ReadAsync(Domain dom)
    {
        string xml;
        try
        {
            xml = await dom.GetMetadataAsync(DomainMetadataType.Element, NamespaceUri).ConfigureAwait(false);
        }
        catch (LibvirtException e) when (e.Code == ErrorCode.NoDomainMetadata)
        {
            return [];
        }
        try
        {
            return Normalize(XElement.Parse(xml).Elements("tag").Select(t => t.Value));
        }
        catch (XmlException)
        {
            return []; // someone else's malformed data in our namespace: shown as no tags, not an error
        }
    }

    /// <summary>
    /// Writes the tags to the definition the guest runs with and to its persistent config (so they survive a
    /// restart); an empty list removes the element.
    /// </summary>
    public static async Task WriteAsync(Domain dom, IReadOnlyList<string> tags)
    {
        var flags = DomainAffect.Current;
        bool active = await dom.IsActiveAsync().ConfigureAwait(false), persistent = await dom.IsPersistentAsync().ConfigureAwait(false);
        if (active) flags |= DomainAffect.Live;
        if (persistent) flags |= DomainAffect.Config;
        string? xml = tags.Count == 0 ? null : new XElement("tags", tags.Select(t => new XElement("tag", t))).ToString(SaveOptions.DisableFormatting);
        await dom.SetMetadataAsync(DomainMetadataType.Element, xml, xml is null ? null : Prefix, NamespaceUri, flags).ConfigureAwait(false);
    }

    /// <summary>Checks tags typed in the page: each trimmed, 1–40 letters, digits, space or . _ : + -, at most 20, duplicates dropped.</summary>
    public static string[] Validate(IEnumerable<string?>? tags)
    {
        var list = new List<string>();
        foreach (var raw in tags ?? [])
        {
            var t = (raw ?? "").Trim();
            if (t.Length == 0) continue;
            if (t.Length > MaxLength) throw new WebInputException($"tag '{t}' is longer than {MaxLength} characters", "tags");
            if (!TagPattern().IsMatch(t))
                throw new WebInputException($"tag '{t}' may only contain letters, digits, spaces and . _ : + - (starting with a letter or digit)", "tags");
            if (!list.Contains(t, StringComparer.OrdinalIgnoreCase)) list.Add(t);
        }
        if (list.Count > MaxCount) throw new WebInputException($"at most {MaxCount} tags per guest", "tags");
        return [.. list];
    }

    private static string[] Normalize(IEnumerable<string> tags) =>
        [.. tags.Select(t => t.Trim()).Where(t => t.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase)];
}
