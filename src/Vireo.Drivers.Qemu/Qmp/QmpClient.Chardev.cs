using System.Text.Json;
using System.Text.Json.Serialization;

namespace Vireo.Drivers.Qemu.Qmp;

/// <summary>One character device of query-chardev: its id (label) and backend ("pty:/dev/pts/3", "unix:...").</summary>
public sealed record ChardevInfo(
    [property: JsonPropertyName("label")] string Label,
    [property: JsonPropertyName("filename")] string Filename);

public sealed partial class QmpClient
{
    /// <summary>query-chardev: where each character device ended up (the pty a serial port got).</summary>
    public async Task<IReadOnlyList<ChardevInfo>> QueryChardevAsync(CancellationToken ct = default) =>
        (await ExecuteAsync("query-chardev", null, ct).ConfigureAwait(false)).Deserialize(QmpChardevJsonContext.Default.ListChardevInfo) ?? [];
}

/// <summary>Source-generated JSON metadata for query-chardev.</summary>
[JsonSerializable(typeof(List<ChardevInfo>))]
internal sealed partial class QmpChardevJsonContext : JsonSerializerContext;
