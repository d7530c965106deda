using System.Text.Json;
using Vireo.Drivers.Qemu.Host;

namespace Vireo.Drivers.Qemu.Qmp;

public sealed partial class QmpClient
{
    /// <summary>The first vCPU's CPUID words (qom-get feature-words on the path query-cpus-fast names), as libvirt reads the guest CPU.</summary>
    public async Task<IReadOnlyList<CpuidWord>> QueryCpuidWordsAsync(CancellationToken ct = default)
    {
        var cpus = await ExecuteAsync("query-cpus-fast", null, ct).ConfigureAwait(false);
        if (cpus.ValueKind != JsonValueKind.Array || cpus.GetArrayLength() == 0 || !cpus[0].TryGetProperty("qom-path", out var qomPath))
            return [];
        var path = qomPath.GetString()!;
        var words = await ExecuteAsync("qom-get", w =>
        {
            w.WriteString("path", path);
            w.WriteString("property", "feature-words");
        }, ct).ConfigureAwait(false);
        var result = new List<CpuidWord>();
        foreach (var w in words.EnumerateArray())
            result.Add(new CpuidWord(
                w.GetProperty("cpuid-input-eax").GetUInt32(),
                w.TryGetProperty("cpuid-input-ecx", out var ecx) ? ecx.GetUInt32() : null,
                w.GetProperty("cpuid-register").GetString() ?? "",
                w.GetProperty("features").GetUInt32()));
        return result;
    }
}
