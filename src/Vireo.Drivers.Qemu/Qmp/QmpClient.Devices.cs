using System.Text.Json;
using System.Text.Json.Serialization;

namespace Vireo.Drivers.Qemu.Qmp;

/// <summary>One entry of query-hotpluggable-cpus: the CPU device type, its socket/core/thread ids, and its QOM path once plugged.</summary>
public sealed record HotpluggableCpu(
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("vcpus-count")] int VcpusCount,
    [property: JsonPropertyName("props")] Dictionary<string, JsonElement> Props,
    [property: JsonPropertyName("qom-path")] string? QomPath);

/// <summary>Source-generated JSON metadata for the device commands.</summary>
[JsonSerializable(typeof(List<HotpluggableCpu>))]
internal sealed partial class QmpDevicesJsonContext : JsonSerializerContext;

public sealed partial class QmpClient
{
    /// <summary>device_add: the driver, then each property (strings, numbers and booleans as given).</summary>
    public Task DeviceAddAsync(string driver, IReadOnlyList<KeyValuePair<string, object>> props, CancellationToken ct = default) =>
        ExecuteAsync("device_add", w =>
        {
            w.WriteString("driver", driver);
            foreach (var (k, v) in props)
                WriteValue(w, k, v);
        }, ct);

    /// <summary>device_del: asks the guest to release a device; completion is the DEVICE_DELETED event.</summary>
    public Task DeviceDelAsync(string id, CancellationToken ct = default) =>
        ExecuteAsync("device_del", w => w.WriteString("id", id), ct);

    /// <summary>blockdev-add of a format node over a file node (the file node is implicit and goes with it).</summary>
    public Task BlockdevAddFileAsync(string nodeName, string format, string filename, bool readOnly, bool direct, bool noFlush, CancellationToken ct = default) =>
        ExecuteAsync("blockdev-add", w =>
        {
            w.WriteString("driver", format);
            w.WriteString("node-name", nodeName);
            w.WriteBoolean("read-only", readOnly);
            w.WriteStartObject("cache");
            w.WriteBoolean("direct", direct);
            w.WriteBoolean("no-flush", noFlush);
            w.WriteEndObject();
            w.WriteStartObject("file");
            w.WriteString("driver", "file");
            w.WriteString("filename", filename);
            w.WriteEndObject();
        }, ct);

    /// <summary>blockdev-del of a node added with blockdev-add.</summary>
    public Task BlockdevDelAsync(string nodeName, CancellationToken ct = default) =>
        ExecuteAsync("blockdev-del", w => w.WriteString("node-name", nodeName), ct);

    /// <summary>eject the medium of a removable drive, by its device id.</summary>
    public Task EjectAsync(string id, CancellationToken ct = default) =>
        ExecuteAsync("eject", w =>
        {
            w.WriteString("id", id);
            w.WriteBoolean("force", true);
        }, ct);

    /// <summary>blockdev-change-medium: insert a new medium (file) into a removable drive, by its device id.</summary>
    public Task ChangeMediumAsync(string id, string filename, string format, bool readOnly, CancellationToken ct = default) =>
        ExecuteAsync("blockdev-change-medium", w =>
        {
            w.WriteString("id", id);
            w.WriteString("filename", filename);
            w.WriteString("format", format);
            w.WriteString("read-only-mode", readOnly ? "read-only" : "read-write");
        }, ct);

    /// <summary>netdev_add of user-mode networking.</summary>
    public Task NetdevAddUserAsync(string id, CancellationToken ct = default) =>
        ExecuteAsync("netdev_add", w =>
        {
            w.WriteString("type", "user");
            w.WriteString("id", id);
        }, ct);

    /// <summary>netdev_add of a tap the driver already created (QEMU only opens it: no scripts).</summary>
    public Task NetdevAddTapAsync(string id, string ifname, CancellationToken ct = default) =>
        ExecuteAsync("netdev_add", w =>
        {
            w.WriteString("type", "tap");
            w.WriteString("id", id);
            w.WriteString("ifname", ifname);
            w.WriteString("script", "no");
            w.WriteString("downscript", "no");
        }, ct);

    /// <summary>netdev_del.</summary>
    public Task NetdevDelAsync(string id, CancellationToken ct = default) =>
        ExecuteAsync("netdev_del", w => w.WriteString("id", id), ct);

    /// <summary>query-hotpluggable-cpus: every CPU slot of the machine, plugged (with qom-path) or not.</summary>
    public async Task<IReadOnlyList<HotpluggableCpu>> QueryHotpluggableCpusAsync(CancellationToken ct = default) =>
        (await ExecuteAsync("query-hotpluggable-cpus", null, ct).ConfigureAwait(false)).Deserialize(QmpDevicesJsonContext.Default.ListHotpluggableCpu) ?? [];

    /// <summary>qom-get: a property of a QOM object, as raw JSON.</summary>
    public Task<JsonElement> QomGetAsync(string path, string property, CancellationToken ct = default) =>
        ExecuteAsync("qom-get", w =>
        {
            w.WriteString("path", path);
            w.WriteString("property", property);
        }, ct);

    /// <summary>qom-set of an integer property.</summary>
    public Task QomSetAsync(string path, string property, long value, CancellationToken ct = default) =>
        ExecuteAsync("qom-set", w =>
        {
            w.WriteString("path", path);
            w.WriteString("property", property);
            w.WriteNumber("value", value);
        }, ct);


    private static void WriteValue(Utf8JsonWriter w, string key, object value)
    {
        switch (value)
        {
            case string s: w.WriteString(key, s); break;
            case bool b: w.WriteBoolean(key, b); break;
            case int i: w.WriteNumber(key, i); break;
            case long l: w.WriteNumber(key, l); break;
            case uint u: w.WriteNumber(key, u); break;
            case JsonElement e: w.WritePropertyName(key); e.WriteTo(w); break;
            default: throw new ArgumentException($"unsupported QMP property type {value.GetType().Name}", nameof(value));
        }
    }
}
