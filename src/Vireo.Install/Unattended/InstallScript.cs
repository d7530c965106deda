using System.Xml;

namespace Vireo.Install.Unattended;

/// <summary>One config parameter an install script declares: its name, whether it is required, and its datamap.</summary>
public sealed record ScriptParam(string Name, bool Required, string? ValueMap);

/// <summary>
/// An osinfo-db install script (install-script/*/*.xml): a Kickstart, preseed, AutoYaST or unattend.xml generator
/// written as an XSLT stylesheet, with the file name the installer looks for and the ways it can be handed over.
/// </summary>
public sealed class InstallScript
{
    public required string Id { get; init; }
    public required string Profile { get; init; }
    public required string ExpectedFilename { get; init; }
    public string PathFormat { get; init; } = "unix";
    public IReadOnlyList<string> InjectionMethods { get; init; } = Array.Empty<string>();
    public IReadOnlyList<ScriptParam> Params { get; init; } = Array.Empty<ScriptParam>();

    /// <summary>The xsl:stylesheet element, as its own document.</summary>
    public required XmlDocument Template { get; init; }

    public bool Requires(string param) => Params.Any(p => p.Name == param && p.Required);

    public static IEnumerable<InstallScript> LoadFile(string file)
    {
        var doc = new XmlDocument { PreserveWhitespace = true }; // whitespace inside xsl:text is output
        doc.Load(file);
        foreach (XmlElement e in doc.GetElementsByTagName("install-script"))
        {
            var stylesheet = e["template"]?.ChildNodes.OfType<XmlElement>().FirstOrDefault();
            if (stylesheet == null || e.GetAttribute("id") is not { Length: > 0 } id)
                continue;
            var template = new XmlDocument { PreserveWhitespace = true };
            template.AppendChild(template.ImportNode(stylesheet, true));
            var parameters = new List<ScriptParam>();
            if (e["config"] is { } config)
                foreach (XmlElement p in config.GetElementsByTagName("param"))
                    parameters.Add(new ScriptParam(p.GetAttribute("name"), p.GetAttribute("policy") == "required",
                        p.GetAttribute("value-map") is { Length: > 0 } m ? m : null));
            yield return new InstallScript
            {
                Id = id,
                Profile = e["profile"]?.InnerText.Trim() ?? "",
                ExpectedFilename = e["expected-filename"]?.InnerText.Trim() ?? "",
                PathFormat = e["path-format"]?.InnerText.Trim() ?? "unix",
                InjectionMethods = e.GetElementsByTagName("injection-method").OfType<XmlElement>().Select(m => m.InnerText.Trim()).ToList(),
                Params = parameters,
                Template = template,
            };
        }
    }
}
