using System.Xml.Linq;
using System.Xml.XPath;
using Vireo.Client.Api;
using Vireo.Protocol.Errors;
using Vireo.Shell.Output;
using Vireo.Shell.Runtime;

namespace Vireo.Shell.Commands;

/// <summary>dumpxml and edit (virsh-domain.c), and virshDumpXML's --xpath filtering shared by the *-dumpxml commands.</summary>
public static class DomainXmlCommands
{
    public static void Register(Dictionary<string, CommandHandler> map)
    {
        map["dumpxml"] = DumpXml;
        map["edit"] = Edit;
    }

    private static async Task<bool> DumpXml(CommandContext ctx)
    {
        var flags = DomainXmlFlags.None;
        if (ctx.Has("inactive")) flags |= DomainXmlFlags.Inactive;
        if (ctx.Has("security-info")) flags |= DomainXmlFlags.Secure;
        if (ctx.Has("update-cpu")) flags |= DomainXmlFlags.UpdateCpu;
        if (ctx.Has("migratable")) flags |= DomainXmlFlags.Migratable;
        var (dom, _) = await ctx.LookupDomainAsync().ConfigureAwait(false);
        if (dom is null) return false;
        if (ctx.StringQuiet("xpath", out var xpath) < 0) return false;
        var xml = await dom.GetXmlDescAsync(flags).ConfigureAwait(false);
        return PrintXml(ctx, xml, xpath, ctx.Has("wrap"));
    }

    /// <summary>virshDumpXML: the document as is, or the nodes an XPath selects (one per line, or wrapped in &lt;nodes&gt;).</summary>
    public static bool PrintXml(CommandContext ctx, string xml, string? xpath, bool wrap)
    {
        if (xpath is null)
        {
            ctx.Print(xml);
            return true;
        }
        XDocument doc;
        try
        {
            doc = XDocument.Parse(xml);
        }
        catch (System.Xml.XmlException e)
        {
            ctx.Save(new LibvirtException(ErrorCode.XmlError, ErrorDomain.Xml, "XML error: " + e.Message));
            return false;
        }
        object result;
        try
        {
            result = doc.XPathEvaluate(xpath);
        }
        catch (XPathException)
        {
            ctx.Save(new LibvirtException(ErrorCode.XmlError, ErrorDomain.Xml, $"XML error: Invalid xpath expression '{xpath}'"));
            return false;
        }
        if (result is not System.Collections.IEnumerable nodes || result is string)
        {
            ctx.Save(new LibvirtException(ErrorCode.InternalError, ErrorDomain.Xml, $"internal error: Incorrect xpath '{xpath}'"));
            return false;
        }
        var list = nodes.Cast<XObject>().ToList();
        if (wrap)
        {
            var root = new XElement("nodes", list.Select(n => n switch
            {
                XElement e => (object)new XElement(e),
                XAttribute a => new XAttribute(a),
                XText t => new XText(t.Value),
                _ => null!,
            }).Where(n => n is not null));
            ctx.Print(LibxmlFormat.Format(root) + "\n");
        }
        else
        {
            foreach (var n in list) ctx.Print(LibxmlFormat.Format(n) + "\n");
        }
        return true;
    }

    private static async Task<bool> Edit(CommandContext ctx)
    {
        var (dom, _) = await ctx.LookupDomainAsync().ConfigureAwait(false);
        if (dom is null) return false;
        var defineFlags = ctx.Has("skip-validate") ? DomainDefineFlags.None : DomainDefineFlags.Validate;
        const DomainXmlFlags query = DomainXmlFlags.Secure | DomainXmlFlags.Inactive;
        Domain? edited = null;
        var outcome = await EditSession.RunAsync(ctx,
            () => dom.GetXmlDescAsync(query),
            async doc =>
            {
                edited = await DefineAsync(ctx.Conn, doc, defineFlags).ConfigureAwait(false);
            },
            relax: () => defineFlags &= ~DomainDefineFlags.Validate,
            relaxAvailable: true).ConfigureAwait(false);
        switch (outcome)
        {
            case EditOutcome.NotChanged:
                ctx.PrintExtra($"Domain '{dom.Name}' XML configuration not changed.\n");
                return true;
            case EditOutcome.Defined:
                ctx.PrintExtra($"Domain '{edited!.Name}' XML configuration edited.\n");
                return true;
            default:
                return false;
        }
    }

    /// <summary>virshDomainDefine: with only VALIDATE, a server that does not support flags gets the plain call.</summary>
    private static async Task<Domain> DefineAsync(Connection conn, string xml, DomainDefineFlags flags)
    {
        if (flags == DomainDefineFlags.None) return await conn.DefineDomainXmlAsync(xml).ConfigureAwait(false);
        try
        {
            return await conn.DefineDomainXmlAsync(xml, flags).ConfigureAwait(false);
        }
        catch (LibvirtException e) when (e.Code == ErrorCode.NoSupport && flags == DomainDefineFlags.Validate)
        {
            return await conn.DefineDomainXmlAsync(xml).ConfigureAwait(false);
        }
    }
}
