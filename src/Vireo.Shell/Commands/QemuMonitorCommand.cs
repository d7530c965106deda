using System.Buffers;
using System.Text;
using System.Text.Json;
using Vireo.Protocol.Errors;
using Vireo.Shell.Runtime;

namespace Vireo.Shell.Commands;

/// <summary>qemu-monitor-command (virsh-domain.c cmdQemuMonitorCommand): --hmp, --pretty, --return-value.</summary>
public static class QemuMonitorCommand
{
    public static void Register(Dictionary<string, CommandHandler> map) => map["qemu-monitor-command"] = Run;

    private static async Task<bool> Run(CommandContext ctx)
    {
        bool hmp = ctx.Has("hmp"), pretty = ctx.Has("pretty"), returnValue = ctx.Has("return-value");
        if (!ctx.ExclusiveVar("hmp", hmp, "pretty", pretty) || !ctx.ExclusiveVar("hmp", hmp, "return-value", returnValue))
            return false;
        if (ctx.Has("pass-fds"))
        {
            ctx.Error("--pass-fds is not supported by vsh");
            return false;
        }
        var (dom, _) = await ctx.LookupDomainAsync().ConfigureAwait(false);
        if (dom is null) return false;
        string command = string.Join(' ', ctx.Command.Argv());
        string result;
        try
        {
            result = await dom.QemuMonitorCommandAsync(command, hmp ? 1u : 0u).ConfigureAwait(false);
        }
        catch (LibvirtException e)
        {
            ctx.Save(e);
            return false;
        }
        if (pretty || returnValue)
        {
            JsonElement root;
            try
            {
                using var doc = JsonDocument.Parse(result);
                root = doc.RootElement.Clone();
            }
            catch (JsonException)
            {
                ctx.Error("failed to parse JSON reply");
                return false;
            }
            if (returnValue)
            {
                if (!root.TryGetProperty("return", out var ret))
                {
                    ctx.Error("'return' member missing");
                    return false;
                }
                root = ret;
            }
            result = pretty ? Pretty(root) : Compact(root);
        }
        // What virsh 9.0 prints: a raw reply followed by an empty line, a reformatted one by one newline.
        ctx.Print(pretty || returnValue ? result + "\n" : result + "\n\n");
        return true;
    }

    /// <summary>
    /// libvirt 9.0's pretty JSON (yajl beautify, two-space indent): "key": value, and an empty object or array
    /// opened and closed on lines of their own ("{\n\n  }").
    /// </summary>
    internal static string Pretty(JsonElement e)
    {
        var sb = new StringBuilder();
        WritePretty(sb, e, 0);
        return sb.ToString();
    }

    private static void WritePretty(StringBuilder sb, JsonElement e, int depth)
    {
        string pad = new(' ', 2 * (depth + 1));
        switch (e.ValueKind)
        {
            case JsonValueKind.Object:
            case JsonValueKind.Array:
                bool obj = e.ValueKind == JsonValueKind.Object;
                sb.Append(obj ? '{' : '[').Append('\n');
                bool first = true;
                if (obj)
                    foreach (var p in e.EnumerateObject())
                    {
                        sb.Append(first ? "" : ",\n").Append(pad).Append(JsonString(p.Name)).Append(": ");
                        WritePretty(sb, p.Value, depth + 1);
                        first = false;
                    }
                else
                    foreach (var item in e.EnumerateArray())
                    {
                        sb.Append(first ? "" : ",\n").Append(pad);
                        WritePretty(sb, item, depth + 1);
                        first = false;
                    }
                sb.Append('\n').Append(' ', 2 * depth).Append(obj ? '}' : ']');
                break;
            default:
                sb.Append(Compact(e));
                break;
        }
    }

    private static string JsonString(string s)
    {
        var buffer = new ArrayBufferWriter<byte>(64);
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
            w.WriteStringValue(s);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static string Compact(JsonElement e)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
            e.WriteTo(w);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
