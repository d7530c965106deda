using System.Text.RegularExpressions;
using System.Xml;

namespace Vireo.Install.OsInfo;

/// <summary>
/// osinfo-db read from its XML (Debian package osinfo-db: /usr/share/osinfo/os/**/*.xml, or $OSINFO_SYSTEM_DIR),
/// the database virt-install consults through libosinfo. Plus virt-install's own "generic" entry.
/// </summary>
public sealed partial class OsInfoDatabase
{
    public const string GenericId = "generic";
    private readonly Dictionary<string, OsVariant> _byId = new(StringComparer.Ordinal);

    public IReadOnlyCollection<OsVariant> All => _byId.Values;

    public static string DefaultDirectory =>
        Environment.GetEnvironmentVariable("OSINFO_SYSTEM_DIR") is { Length: > 0 } d ? d : "/usr/share/osinfo";

    private static OsInfoDatabase? _default;

    /// <summary>The system database, read once per process.</summary>
    public static OsInfoDatabase Default => _default ??= Load(DefaultDirectory);

    public static OsInfoDatabase Load(string directory)
    {
        var db = new OsInfoDatabase();
        var osDir = Path.Combine(directory, "os");
        if (Directory.Exists(osDir))
            foreach (var file in Directory.EnumerateFiles(osDir, "*.xml", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
                db.LoadFile(file);
        db._byId[GenericId] = new OsVariant
        {
            Db = db,
            Id = GenericId,
            ShortIds = new[] { GenericId },
            Name = "Generic or unknown OS. Usage is not recommended.",
        };
        return db;
    }

    public OsVariant? ById(string id) => _byId.GetValueOrDefault(id);

    /// <summary>The OS with this short id (any of its aliases), or null.</summary>
    public OsVariant? Lookup(string shortId) =>
        _byId.Values.Where(o => o.ShortIds.Contains(shortId)).OrderBy(o => o.Id, StringComparer.Ordinal).FirstOrDefault();

    /// <summary>Short ids that look like <paramref name="name"/> (same prefix), for "did you mean" hints.</summary>
    public IReadOnlyList<string> Suggest(string name)
    {
        var stem = LettersPrefix().Match(name).Value;
        if (stem.Length < 2)
            stem = name.Length >= 3 ? name[..3] : name;
        return ListSorted().SelectMany(o => o.ShortIds).Where(s => s.StartsWith(stem, StringComparison.OrdinalIgnoreCase)).Take(5).ToList();
    }

    /// <summary>All OSes sorted as "--osinfo list" prints them: natural order, higher numbers first.</summary>
    public IReadOnlyList<OsVariant> ListSorted() =>
        _byId.Values.OrderBy(o => o.ShortId, Comparer<string>.Create(CompareNatural)).ToList();

    private static int CompareNatural(string a, string b)
    {
        var pa = DigitRuns().Split(a);
        var pb = DigitRuns().Split(b);
        for (int i = 0; i < Math.Min(pa.Length, pb.Length); i++)
        {
            bool na = pa[i].Length > 0 && char.IsDigit(pa[i][0]), nb = pb[i].Length > 0 && char.IsDigit(pb[i][0]);
            int c;
            if (na && nb)
                c = -decimal.Parse(pa[i]).CompareTo(decimal.Parse(pb[i]));
            else if (na != nb)
                c = na ? -1 : 1; // python compares int < str: a number sorts before text
            else
                c = string.CompareOrdinal(pa[i].ToLowerInvariant(), pb[i].ToLowerInvariant());
            if (c != 0)
                return c;
        }

        return pa.Length.CompareTo(pb.Length);
    }

    [GeneratedRegex("([0-9]+)")]
    private static partial Regex DigitRuns();

    [GeneratedRegex("^[a-zA-Z]+")]
    private static partial Regex LettersPrefix();

    private void LoadFile(string file)
    {
        var doc = new XmlDocument();
        try
        {
            doc.Load(file);
        }
        catch (XmlException)
        {
            return; // a broken file is skipped, as libosinfo's loader warns and goes on
        }

        if (doc.DocumentElement is not { } root)
            return;
        foreach (XmlElement os in root.GetElementsByTagName("os"))
        {
            if (os.ParentNode != root || os.GetAttribute("id") is not { Length: > 0 } id)
                continue;
            var v = Parse(os, id);
            if (v.ShortIds.Count > 0)
                _byId[id] = v;
        }
    }

    private OsVariant Parse(XmlElement os, string id)
    {
        var shortIds = new List<string>();
        var derives = new List<string>();
        var clones = new List<string>();
        var devices = new Dictionary<string, bool>(StringComparer.Ordinal);
        var resources = new List<OsResources>();
        string name = "", family = "", distro = "", version = "";
        string? kernelUrlArg = null;
        var scripts = new List<string>();
        var properties = new List<KeyValuePair<string, string>>();
        foreach (XmlNode n in os.ChildNodes)
        {
            if (n is not XmlElement e || e.HasAttribute("xml:lang"))
                continue;
            if (e.Name is "short-id" or "name" or "version" or "vendor" or "family" or "distro" or "codename"
                or "release-date" or "eol-date" or "release-status" or "kernel-url-argument" or "cloud-image-username")
                properties.Add(new(e.Name, e.InnerText.Trim()));
            switch (e.Name)
            {
                case "installer":
                    foreach (XmlElement s in e.GetElementsByTagName("script"))
                        scripts.Add(s.GetAttribute("id"));
                    break;
                case "short-id": shortIds.Add(e.InnerText.Trim()); break;
                case "name": name = e.InnerText.Trim(); break;
                case "family": family = e.InnerText.Trim(); break;
                case "distro": distro = e.InnerText.Trim(); break;
                case "version": version = e.InnerText.Trim(); break;
                case "kernel-url-argument": kernelUrlArg = e.InnerText.Trim(); break;
                case "derives-from": derives.Add(e.GetAttribute("id")); break;
                case "clones": clones.Add(e.GetAttribute("id")); break;
                case "devices":
                    foreach (XmlElement d in e.GetElementsByTagName("device"))
                        devices[d.GetAttribute("id")] = d.GetAttribute("supported") != "false";
                    break;
                case "resources":
                    resources.Add(ParseResources(e));
                    break;
            }
        }

        return new OsVariant
        {
            Db = this,
            Id = id,
            ShortIds = shortIds,
            Name = name,
            Family = family,
            Distro = distro,
            Version = version,
            KernelUrlArgument = kernelUrlArg,
            DerivesFrom = derives,
            Clones = clones,
            OwnDevices = devices,
            OwnResources = resources,
            InstallScriptIds = scripts,
            Properties = properties,
        };
    }

    private static OsResources ParseResources(XmlElement e)
    {
        var r = new OsResources(e.GetAttribute("arch") is { Length: > 0 } a ? a : "all", e.GetAttribute("inherit") == "true");
        foreach (XmlNode n in e.ChildNodes)
        {
            if (n is not XmlElement level)
                continue;
            long Val(string tag) => level[tag] is { } x && long.TryParse(x.InnerText.Trim(), out var v) ? v : 0;
            if (level.Name == "minimum")
            {
                r.MinRam = Val("ram");
                r.MinCpus = Val("n-cpus");
                r.MinStorage = Val("storage");
            }
            else if (level.Name == "recommended")
            {
                r.RecRam = Val("ram");
                r.RecCpus = Val("n-cpus");
                r.RecStorage = Val("storage");
            }
        }

        return r;
    }
}
