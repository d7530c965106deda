namespace Vireo.Protocol.Xdr;

/// <summary>A value that writes itself as XDR.</summary>
public interface IXdrEncodable
{
    void Encode(XdrWriter w);
}

/// <summary>
/// An XDR record declared once (field order = wire order) that encodes and decodes itself without reflection.
/// </summary>
public interface IXdrMessage<TSelf> : IXdrEncodable where TSelf : IXdrMessage<TSelf>
{
    static abstract TSelf Decode(ref XdrReader r);
}

/// <summary>The empty payload of a void argument or return.</summary>
public readonly record struct XdrVoid : IXdrMessage<XdrVoid>
{
    public void Encode(XdrWriter w) { }
    public static XdrVoid Decode(ref XdrReader r) => default;
}

/// <summary>Helpers for whole payloads and arrays of records.</summary>
public static class XdrCodec
{
    /// <summary>Decodes a complete payload, rejecting trailing bytes.</summary>
    public static T Decode<T>(ReadOnlySpan<byte> payload) where T : IXdrMessage<T>
    {
        var r = new XdrReader(payload);
        var v = T.Decode(ref r);
        r.EnsureEnd();
        return v;
    }

    public static byte[] Encode<T>(T value) where T : IXdrEncodable
    {
        var w = new XdrWriter();
        value.Encode(w);
        return w.ToArray();
    }

    public static T[] ReadArray<T>(ref XdrReader r, int max) where T : IXdrMessage<T>
    {
        int n = r.ReadCount(max);
        var items = new T[n];
        for (int i = 0; i < n; i++) items[i] = T.Decode(ref r);
        return items;
    }

    public static void WriteArray<T>(XdrWriter w, IReadOnlyList<T> items) where T : IXdrEncodable
    {
        w.WriteUInt((uint)items.Count);
        foreach (var item in items) item.Encode(w);
    }

    public static string[] ReadStringArray(ref XdrReader r, int max)
    {
        int n = r.ReadCount(max);
        var items = new string[n];
        for (int i = 0; i < n; i++) items[i] = r.ReadString();
        return items;
    }

    public static void WriteStringArray(XdrWriter w, IReadOnlyList<string> items)
    {
        w.WriteUInt((uint)items.Count);
        foreach (var s in items) w.WriteString(s);
    }

    /// <summary>Reads an optional pointer to a record (<c>T *x</c>).</summary>
    public static T? ReadOptional<T>(ref XdrReader r) where T : class, IXdrMessage<T> =>
        r.ReadPresence() ? T.Decode(ref r) : null;

    public static void WriteOptional<T>(XdrWriter w, T? value) where T : class, IXdrEncodable
    {
        w.WritePresence(value is not null);
        value?.Encode(w);
    }
}
