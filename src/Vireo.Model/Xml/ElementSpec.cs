namespace Vireo.Model.Xml;

/// <summary>What libvirt's schema allows on one element, in the order libvirt formats it.</summary>
public sealed class ElementSpec
{
    /// <summary>Creates a spec; both lists are in libvirt's output order.</summary>
    public ElementSpec(string name, string[] attributes, string[] children)
    {
        Name = name;
        Attributes = attributes;
        Children = children;
        _attributeIndex = Index(attributes);
        _childIndex = Index(children);
    }

    /// <summary>Element name.</summary>
    public string Name { get; }

    /// <summary>Attribute names libvirt accepts and keeps, in output order.</summary>
    public IReadOnlyList<string> Attributes { get; }

    /// <summary>Child element names libvirt accepts, in output order.</summary>
    public IReadOnlyList<string> Children { get; }

    private readonly Dictionary<string, int> _attributeIndex;
    private readonly Dictionary<string, int> _childIndex;

    /// <summary>True when the schema knows this attribute here.</summary>
    public bool HasAttribute(string name) => _attributeIndex.ContainsKey(name);

    /// <summary>True when the schema knows this child element here.</summary>
    public bool HasChild(string name) => _childIndex.ContainsKey(name);

    /// <summary>Output position of an attribute (unknown ones go last).</summary>
    public int AttributeRank(string name) => _attributeIndex.TryGetValue(name, out var i) ? i : int.MaxValue;

    /// <summary>Output position of a child (unknown ones go last).</summary>
    public int ChildRank(string name) => _childIndex.TryGetValue(name, out var i) ? i : int.MaxValue;

    private static Dictionary<string, int> Index(string[] names)
    {
        var d = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < names.Length; i++)
            d.TryAdd(names[i], i);
        return d;
    }
}
