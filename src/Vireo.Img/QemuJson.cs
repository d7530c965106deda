using System.Globalization;
using System.Text;

namespace Vireo.Img;

/// <summary>A JSON value tree printed exactly as QEMU's qobject pretty printer prints it (4-space indent,
/// keys in the order QEMU's hash table yields them, which we reproduce by insertion order).
/// Hand-written rather than System.Text.Json because byte-compatibility with qemu-img's output is the point
/// (its escaping and empty-container layout differ), and it needs no reflection.</summary>
internal abstract class JNode
{
    public abstract void Write(StringBuilder sb, int indent);

    public string ToJson()
    {
        var sb = new StringBuilder();
        Write(sb, 0);
        return sb.ToString();
    }

    protected static void Indent(StringBuilder sb, int n) => sb.Append(' ', n * 4);
}

internal sealed class JObject : JNode
{
    private readonly List<(string Key, JNode Value)> items = new();

    public JObject Add(string key, JNode value) { items.Add((key, value)); return this; }
    public JObject Add(string key, long value) => Add(key, new JValue(value.ToString(CultureInfo.InvariantCulture)));
    public JObject Add(string key, bool value) => Add(key, new JValue(value ? "true" : "false"));
    public JObject Add(string key, string value) => Add(key, JValue.Str(value));

    public override void Write(StringBuilder sb, int indent)
    {
        sb.Append('{');
        for (int i = 0; i < items.Count; i++)
        {
            sb.Append(i == 0 ? "\n" : ",\n");
            Indent(sb, indent + 1);
            sb.Append(JValue.Quote(items[i].Key)).Append(": ");
            items[i].Value.Write(sb, indent + 1);
        }
        sb.Append('\n');
        Indent(sb, indent);
        sb.Append('}');
    }
}

internal sealed class JArray : JNode
{
    public List<JNode> Items { get; } = new();

    public override void Write(StringBuilder sb, int indent)
    {
        sb.Append('[');
        for (int i = 0; i < Items.Count; i++)
        {
            sb.Append(i == 0 ? "\n" : ",\n");
            Indent(sb, indent + 1);
            Items[i].Write(sb, indent + 1);
        }
        sb.Append('\n');
        Indent(sb, indent);
        sb.Append(']');
    }
}

internal sealed class JValue : JNode
{
    private readonly string raw;

    public JValue(string raw) => this.raw = raw;

    public static JValue Str(string s) => new(Quote(s));

    /// <summary>Quotes as QEMU does: control characters and non-ASCII as \uXXXX (UTF-16 units).</summary>
    public static string Quote(string s)
    {
        var sb = new StringBuilder("\"");
        foreach (char c in s)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\b': sb.Append("\\b"); break;
                case '\f': sb.Append("\\f"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                default:
                    if (c < 0x20 || c >= 0x7f)
                        sb.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
                    else
                        sb.Append(c);
                    break;
            }
        }
        return sb.Append('"').ToString();
    }

    public override void Write(StringBuilder sb, int indent) => sb.Append(raw);
}
