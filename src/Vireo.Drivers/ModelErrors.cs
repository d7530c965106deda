using Vireo.Model.Xml;
using Vireo.Protocol.Errors;

namespace Vireo.Drivers;

/// <summary>Turns XML model errors into the libvirt errors they stand for (same code, domain and text).</summary>
public static class ModelErrors
{
    public static LibvirtException FromModel(XmlModelException e) => new((ErrorCode)e.Code, (ErrorDomain)e.ErrorDomain, e.Message);

    /// <summary>Runs a model operation, turning its XmlModelException into the equivalent LibvirtException.</summary>
    public static T Run<T>(Func<T> parse)
    {
        try
        {
            return parse();
        }
        catch (XmlModelException e)
        {
            throw FromModel(e);
        }
    }
}
