using System.Xml.Linq;

namespace Vireo.Model.Xml;

/// <summary>Builds one element in libvirt's attribute and child order, merging typed values with kept extras.</summary>
internal sealed class ElementBuilder
{
    private readonly ElementSpec _spec;
    private readonly List<(string Name, string Value)> _attrs = [];
    private readonly List<XElement> _children = [];
    private string? _text;
    private bool _block;

    public ElementBuilder(ElementSpec spec, IReadOnlyDictionary<string, string>? extraAttributes = null, IEnumerable<XElement>? extraChildren = null)
    {
        _spec = spec;
        if (extraAttributes is not null)
            foreach (var (k, v) in extraAttributes)
                _attrs.Add((k, v));
        if (extraChildren is not null)
            foreach (var c in extraChildren)
                _children.Add(new XElement(c));
    }

    /// <summary>Adds an attribute unless the value is null (a typed value replaces a kept one of the same name).</summary>
    public ElementBuilder Attr(string name, string? value)
    {
        _attrs.RemoveAll(a => a.Name == name);
        if (value is not null)
            _attrs.Add((name, value));
        return this;
    }

    /// <summary>Adds a yes/no attribute unless null.</summary>
    public ElementBuilder YesNo(string name, bool? value) => Attr(name, value is null ? null : value.Value ? "yes" : "no");

    /// <summary>Adds an on/off attribute unless null.</summary>
    public ElementBuilder OnOff(string name, bool? value) => Attr(name, value is null ? null : value.Value ? "on" : "off");

    /// <summary>Adds a numeric attribute unless null.</summary>
    public ElementBuilder Attr(string name, long? value) => Attr(name, value?.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>Adds a child unless null.</summary>
    public ElementBuilder Child(XElement? child)
    {
        if (child is not null)
            _children.Add(child);
        return this;
    }

    /// <summary>Adds children.</summary>
    public ElementBuilder Children(IEnumerable<XElement> children)
    {
        _children.AddRange(children);
        return this;
    }

    /// <summary>Adds &lt;name&gt;text&lt;/name&gt; unless text is null.</summary>
    public ElementBuilder TextChild(string name, string? text) => text is null ? this : Child(new XElement(name, text));

    /// <summary>Adds an empty flag element when set.</summary>
    public ElementBuilder Flag(string name, bool set) => set ? Child(new XElement(name)) : this;

    /// <summary>Sets the element's text content.</summary>
    public ElementBuilder Text(string? text)
    {
        _text = text;
        return this;
    }

    /// <summary>Writes an empty element as an open/close pair.</summary>
    public ElementBuilder Block()
    {
        _block = true;
        return this;
    }

    /// <summary>Number of children so far.</summary>
    public int ChildCount => _children.Count;

    public XElement Build()
    {
        var e = new XElement(_spec.Name);
        foreach (var (name, value) in _attrs.Select((a, i) => (a, i)).OrderBy(x => _spec.AttributeRank(x.a.Name)).ThenBy(x => x.i).Select(x => x.a))
            e.SetAttributeValue(name, value);
        if (_text is not null)
            e.Value = _text;
        foreach (var c in _children.Select((c, i) => (c, i)).OrderBy(x => _spec.ChildRank(x.c.Name.LocalName)).ThenBy(x => x.i).Select(x => x.c))
            e.Add(c);
        if (_block)
            FormatHint.Block(e);
        return e;
    }
}
