using System.Xml;

namespace Vireo.Web.Api;

/// <summary>
/// OS variants for the New VM wizard, read from osinfo-db (/usr/share/osinfo/os/VENDOR/ID.xml: short-id and name),
/// once and only the two fields it needs; an empty list where osinfo-db is not installed (the field is then free text).
/// </summary>
public static class OsInfoCatalog
{
    private static readonly Lazy<List<OsVariant>> Variants = new(Load);

    public static string Root { get; set; } = "/usr/share/osinfo/os";

    public static List<OsVariant> All => Variants.Value;

    private static List<OsVariant> Load()
    {
        var list = new List<OsVariant>();
        if (!Directory.Exists(Root)) return list;
        foreach (var file in Directory.EnumerateFiles(Root, "*.xml", SearchOption.AllDirectories))
        {
            try
            {
                using var r = XmlReader.Create(file, new XmlReaderSettings { DtdProcessing = DtdProcessing.Ignore });
                string? id = null, name = null, uri = null;
                int depth = -1;
                while (r.Read() && (id is null || name is null))
                {
                    if (r.NodeType != XmlNodeType.Element) continue;
                    if (r.Name == "os") { depth = r.Depth; uri = r.GetAttribute("id"); continue; }
                    if (r.Depth != depth + 1) continue;
                    if (r.Name == "short-id" && id is null) id = r.ReadElementContentAsString();
                    else if (r.Name == "name" && name is null && !r.HasAttributes) name = r.ReadElementContentAsString();
                }
                if (id is not null) list.Add(new OsVariant(id, name ?? id, uri));
            }
            catch (XmlException)
            {
            }
        }
        list.Add(new OsVariant("generic", "Generic OS", null));
        return list.OrderBy(v => v.Id, StringComparer.Ordinal).ToList();
    }
}
