using System.Buffers;
using System.Text;
using System.Text.Json;
using Vireo.Drivers.Domains;
using Vireo.Drivers.Qemu.Qmp;
using Vireo.Protocol.Errors;

namespace Vireo.Drivers.Qemu.Domains;

/// <summary>
/// virsh qemu-monitor-command: a client's raw QMP command (JSON) goes to the domain's monitor and the whole reply
/// comes back as compact JSON with libvirt's "libvirt-N" id, error replies included; with flag HMP (1) the text is
/// run through human-monitor-command and its output returned as is.
/// </summary>
public sealed partial class QemuDomainDriver
{
    private const uint MonitorCommandHmp = 1;
    private long _monitorCommandId;

    public async Task<string> QemuMonitorCommandAsync(DomainRef dom, string command, uint flags)
    {
        QemuErrors.CheckFlags(flags, MonitorCommandHmp, "qemuDomainQemuMonitorCommand");
        var d = GetLocked(dom);
        string result = "";
        await WithMonitorAsync(d, "monitor command", async qmp =>
        {
            if ((flags & MonitorCommandHmp) != 0)
            {
                result = await qmp.HumanMonitorCommandAsync(command).ConfigureAwait(false);
                return;
            }
            var (execute, arguments) = ParseMonitorCommand(command);
            string id = "libvirt-" + Interlocked.Increment(ref _monitorCommandId);
            try
            {
                var ret = await qmp.ExecuteAsync(execute, arguments is { } args ? w => { foreach (var p in args.EnumerateObject()) p.WriteTo(w); } : null).ConfigureAwait(false);
                result = Reply(w =>
                {
                    w.WritePropertyName("return");
                    if (ret.ValueKind == JsonValueKind.Undefined)
                    {
                        w.WriteStartObject();
                        w.WriteEndObject();
                    }
                    else
                        ret.WriteTo(w);
                    w.WriteString("id", id);
                });
            }
            catch (QmpErrorException e)
            {
                result = Reply(w =>
                {
                    w.WriteStartObject("error");
                    w.WriteString("class", e.ErrorClass);
                    w.WriteString("desc", e.Description);
                    w.WriteEndObject();
                    w.WriteString("id", id);
                });
            }
        }).ConfigureAwait(false);
        return result;
    }

    private static (string Execute, JsonElement? Arguments) ParseMonitorCommand(string command)
    {
        JsonElement root;
        try
        {
            using var doc = JsonDocument.Parse(command);
            root = doc.RootElement.Clone();
        }
        catch (JsonException)
        {
            throw QemuErrors.Internal($"cannot parse json {command}: invalid JSON");
        }
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("execute", out var exec) || exec.ValueKind != JsonValueKind.String)
            throw QemuErrors.Internal($"cannot parse json {command}: the command must be an object with an \"execute\" string");
        JsonElement? args = root.TryGetProperty("arguments", out var a) && a.ValueKind == JsonValueKind.Object ? a : null;
        return (exec.GetString()!, args);
    }

    private static string Reply(Action<Utf8JsonWriter> body)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            body(w);
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
