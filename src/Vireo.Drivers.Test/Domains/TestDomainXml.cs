using System.Globalization;
using System.Xml.Linq;
using Vireo.Drivers.Domains;
using Vireo.Model.Defaults;
using Vireo.Model.Domain;
using Vireo.Model.Xml;
using Vireo.Protocol.Errors;

namespace Vireo.Drivers.Test.Domains;

/// <summary>What the test driver's XML namespace (http://libvirt.org/schemas/domain/test/1.0) says about a domain.</summary>
internal sealed record TestNamespaceData(DomainState RunState, bool Transient, bool HasManagedSave);

/// <summary>
/// Parses domain XML the way the test driver does: the generic parser, the test namespace
/// (&lt;test:runstate&gt;, &lt;test:transient/&gt;, &lt;test:hasmanagedsave/&gt;), then the test driver's defaults
/// (i686, testnetN interface names). Foreign-namespace elements are dropped: the test driver formats none.
/// </summary>
internal static class TestDomainXml
{
    public static readonly XNamespace TestNs = "http://libvirt.org/schemas/domain/test/1.0";

    /// <summary>Parses and completes a definition from a client's XML.</summary>
    public static DomainDefinition Parse(string xml) => Complete(TestErrors.Model(() => DomainDefinition.Parse(xml)), out _);

    /// <summary>Parses and completes an already loaded &lt;domain&gt; element (node files).</summary>
    public static DomainDefinition Parse(XElement element, out TestNamespaceData ns) =>
        Complete(TestErrors.Model(() => DomainDefinition.FromElement(element)), out ns);

    private static DomainDefinition Complete(DomainDefinition def, out TestNamespaceData ns)
    {
        ns = ReadNamespace(def.NamespaceElements);
        def.NamespaceElements.Clear();
        def.Id = null; // VIR_DOMAIN_DEF_PARSE_INACTIVE: an id in the input means nothing
        // libvirt reads only network= (and portgroup=) from a type='network' source; a bridge= there is the
        // network driver's runtime detail, which the test driver never fills in.
        foreach (var nic in def.Devices.Interfaces.Where(n => n.Type == "network"))
            nic.SourceBridge = null;
        GenerateInterfaceNames(def);
        TestErrors.Model(() =>
        {
            DomainDefaults.ApplyForTestDriver(def);
            return 0;
        });
        return def;
    }

    // testDomainDefNamespaceParse, with its messages.
    private static TestNamespaceData ReadNamespace(List<XElement> elements)
    {
        var mine = elements.Where(e => e.Name.Namespace == TestNs).ToList();
        var state = DomainState.Running;
        if (mine.FirstOrDefault(e => e.Name.LocalName == "runstate") is { } rs)
        {
            if (!uint.TryParse(rs.Value.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var v))
                throw XmlError("invalid runstate");
            if (v > (uint)DomainState.PmSuspended)
                throw XmlError($"runstate '{v}' out of range'");
            state = (DomainState)v;
        }
        bool transient = mine.Any(e => e.Name.LocalName == "transient");
        bool managedSave = mine.Any(e => e.Name.LocalName == "hasmanagedsave");
        if (transient && state == DomainState.Shutoff)
            throw XmlError("transient domain cannot have runstate 'shutoff'");
        if (managedSave && state != DomainState.Shutoff)
            throw XmlError("domain with managedsave data can only have runstate 'shutoff'");
        return new TestNamespaceData(state, transient, managedSave);
    }

    // The parser drops names libvirt generates itself (vnetN, macvtapN, macvlanN) from a persistent definition;
    // then testDomainGenerateIfnames gives every interface without a name the first free testnetN.
    private static void GenerateInterfaceNames(DomainDefinition def)
    {
        foreach (var nic in def.Devices.Interfaces)
        {
            if (nic.TargetDev is { } dev && (dev.StartsWith("vnet", StringComparison.Ordinal)
                || dev.StartsWith("macvtap", StringComparison.Ordinal) || dev.StartsWith("macvlan", StringComparison.Ordinal)))
                nic.TargetDev = null;
        }
        foreach (var nic in def.Devices.Interfaces.Where(n => n.TargetDev is null))
        {
            int i = 0;
            while (def.Devices.Interfaces.Any(n => n.TargetDev == "testnet" + i.ToString(CultureInfo.InvariantCulture)))
                i++;
            nic.TargetDev = "testnet" + i.ToString(CultureInfo.InvariantCulture);
        }
    }

    private static LibvirtException XmlError(string detail) => new(ErrorCode.XmlError, ErrorDomain.Test, "XML error: " + detail);

    /// <summary>define refuses a newline in the name (virXMLCheckIllegalChars).</summary>
    public static void CheckName(DomainDefinition def)
    {
        if (def.Name.Contains('\n'))
            throw new LibvirtException(ErrorCode.XmlDetail, ErrorDomain.Xml, "invalid char in name: \n");
    }

    /// <summary>The formatting flags a VIR_DOMAIN_XML_* value asks for.</summary>
    public static DomainXmlFormatFlags FormatFlags(uint flags)
    {
        var f = DomainXmlFormatFlags.None;
        if ((flags & DomainFlags.XmlSecure) != 0)
            f |= DomainXmlFormatFlags.Secure;
        if ((flags & DomainFlags.XmlInactive) != 0)
            f |= DomainXmlFormatFlags.Inactive;
        return f;
    }
}
