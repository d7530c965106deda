using System.Xml;
using Vireo.Install.OsInfo;

namespace Vireo.Install.Unattended;

/// <summary>
/// The install scripts and datamaps of osinfo-db (install-script/ and datamap/ next to os/), read once per process.
/// An OS names its scripts in its own &lt;installer&gt; element, as libosinfo reads them.
/// </summary>
public sealed class InstallScriptLibrary
{
    private readonly Dictionary<string, InstallScript> _scripts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Dictionary<string, string>> _datamaps = new(StringComparer.Ordinal);
    private static InstallScriptLibrary? _default;

    public static InstallScriptLibrary Default => _default ??= Load(OsInfoDatabase.DefaultDirectory);

    public static InstallScriptLibrary Load(string directory)
    {
        var lib = new InstallScriptLibrary();
        foreach (var file in XmlFiles(Path.Combine(directory, "install-script")))
            try
            {
                foreach (var s in InstallScript.LoadFile(file))
                    lib._scripts[s.Id] = s;
            }
            catch (XmlException)
            {
                // a broken file is skipped, as libosinfo's loader warns and goes on
            }

        foreach (var file in XmlFiles(Path.Combine(directory, "datamap")))
            lib.LoadDatamap(file);
        return lib;
    }

    public InstallScript? ById(string id) => _scripts.GetValueOrDefault(id);

    public IReadOnlyList<InstallScript> ForOs(OsVariant os) =>
        os.InstallScriptIds.Select(ById).OfType<InstallScript>().ToList();

    /// <summary>The value a datamap gives for <paramref name="value"/> (e.g. en_US to the X11 layout "us"), else the value itself.</summary>
    public string Map(string? datamap, string value) =>
        datamap != null && _datamaps.TryGetValue(datamap, out var map) && map.TryGetValue(value, out var mapped) ? mapped : value;

    private static IEnumerable<string> XmlFiles(string dir) =>
        Directory.Exists(dir) ? Directory.EnumerateFiles(dir, "*.xml", SearchOption.AllDirectories).Order(StringComparer.Ordinal) : Array.Empty<string>();

    private void LoadDatamap(string file)
    {
        var doc = new XmlDocument();
        try
        {
            doc.Load(file);
        }
        catch (XmlException)
        {
            return;
        }

        foreach (XmlElement dm in doc.GetElementsByTagName("datamap"))
        {
            var map = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (XmlElement entry in dm.GetElementsByTagName("entry"))
                map.TryAdd(entry.GetAttribute("inval"), entry.GetAttribute("outval"));
            _datamaps[dm.GetAttribute("id")] = map;
        }
    }
}
