using System.Text;
using System.Xml;
using System.Xml.XPath;
using System.Xml.Xsl;
using Vireo.Install.OsInfo;

namespace Vireo.Install.Unattended;

/// <summary>
/// Renders an install script as libosinfo does: its XSLT template is applied to a document describing the script,
/// the OS and the install config (&lt;install-script-config&gt; for the script itself, &lt;command-line&gt; for the
/// kernel arguments that point the installer at it). Config values pass through the param's datamap first.
/// </summary>
public static class ScriptRenderer
{
    private const string XsltNamespace = "http://www.w3.org/1999/XSL/Transform";

    public static string Script(InstallScript script, OsVariant os, ScriptSettings settings, InstallScriptLibrary lib) =>
        Apply(script, Input("install-script-config", script, os, settings, lib));

    public static string CommandLine(InstallScript script, OsVariant os, ScriptSettings settings, InstallScriptLibrary lib) =>
        Apply(script, Input("command-line", script, os, settings, lib));

    /// <summary>The transform's input document, as libosinfo builds it.</summary>
    public static XmlDocument Input(string root, InstallScript script, OsVariant os, ScriptSettings settings, InstallScriptLibrary lib)
    {
        var doc = new XmlDocument();
        var top = doc.AppendChild(doc.CreateElement(root))!;
        var s = Entity(doc, top, "script", script.Id);
        Add(doc, s, "profile", script.Profile);
        Add(doc, s, "expected-filename", script.ExpectedFilename);
        Add(doc, s, "path-format", script.PathFormat);
        Add(doc, s, "preferred-injection-method", settings.InjectionMethod);
        Add(doc, s, "installation-source", settings.InstallationSource);
        var o = Entity(doc, top, "os", os.Id);
        foreach (var (key, value) in os.Properties)
            Add(doc, o, key, value);
        var c = Entity(doc, top, "config", "http://libosinfo.org/install-config");
        foreach (var (key, value) in settings.Config)
            Add(doc, c, key, lib.Map(script.Params.FirstOrDefault(p => p.Name == key)?.ValueMap, value));
        return doc;
    }

    private static XmlElement Entity(XmlDocument doc, XmlNode parent, string name, string id)
    {
        var e = (XmlElement)parent.AppendChild(doc.CreateElement(name))!;
        Add(doc, e, "id", id);
        return e;
    }

    private static void Add(XmlDocument doc, XmlNode parent, string name, string value) =>
        parent.AppendChild(doc.CreateElement(name))!.InnerText = value;

    // XslTransform interprets the stylesheet; XslCompiledTransform would emit IL, which Native AOT cannot run.
#pragma warning disable CS0618, SYSLIB0011
    private static string Apply(InstallScript script, XmlDocument input)
    {
        try
        {
            var xslt = new XslTransform();
            xslt.Load(script.Template.CreateNavigator()!, null);
            var output = script.Template.DocumentElement?.ChildNodes.OfType<XmlElement>()
                .FirstOrDefault(e => e.LocalName == "output" && e.NamespaceURI == XsltNamespace);
            if (output?.GetAttribute("method") != "xml")
            {
                using var text = new StringWriter();
                xslt.Transform(input.CreateNavigator()!, null, text);
                return text.ToString();
            }

            return XmlOutput(xslt, input, output.GetAttribute("indent") == "yes", output.GetAttribute("omit-xml-declaration") == "yes");
        }
        catch (XsltException e)
        {
            throw new InstallException($"Failed to apply script template {script.Id}: {e.Message}");
        }
    }

    // the result may be a bare text (a command line), so it is written as a fragment and read back inside a wrapper
    private static string XmlOutput(XslTransform xslt, XmlDocument input, bool indent, bool omitDeclaration)
    {
        var sb = new StringBuilder();
        using (var w = XmlWriter.Create(sb, new XmlWriterSettings { ConformanceLevel = ConformanceLevel.Fragment, OmitXmlDeclaration = true }))
            xslt.Transform(input.CreateNavigator()!, null, w);
        var wrapper = new XmlDocument { PreserveWhitespace = true };
        wrapper.LoadXml("<vireo-result>" + sb + "</vireo-result>");
        return LibxsltXmlWriter.Write(wrapper.DocumentElement!.ChildNodes, indent, omitDeclaration);
    }

#pragma warning restore CS0618, SYSLIB0011
}
