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
        ctx.Print(result.EndsWith('\n') ? result : result + "\n");
        return true;
    }

    /// <summary>libvirt's pretty JSON: two-space indent, "key": value.</summary>
    internal static string Pretty(JsonElement e) => Write(e, indented: true);

    private static string Compact(JsonElement e) => Write(e, indented: false);

    private static string Write(JsonElement e, bool indented)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions
        {
            Indented = indented,
            IndentSize = 2,
            Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        }))
            e.WriteTo(w);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
