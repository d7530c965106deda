using System.Globalization;
using System.Text;
using System.Text.Json;
using Vireo.Drivers.Qemu.CommandLine;
using Vireo.Drivers.Qemu.Qmp;
using Vireo.Protocol.Errors;

namespace Vireo.Drivers.Qemu.Domains;

/// <summary>
/// setvcpus --guest / vcpucount --guest (VIR_DOMAIN_VCPU_GUEST): the guest's own online CPUs through the guest
/// agent (guest-get-vcpus, guest-set-vcpus), as qemuDomainSetVcpusAgent does: the first N logical CPUs online,
/// the rest offline where the guest allows it.
/// </summary>
public sealed partial class QemuDomainDriver
{
    private string AgentSocket(QemuDomain d)
    {
        lock (_lock)
        {
            RequireActive(d);
            var channel = d.Live!.Devices.Channels.FirstOrDefault(c => c.TargetName == ChannelArgs.AgentName && c.Type == "unix")
                ?? throw new LibvirtException(ErrorCode.ArgumentUnsupported, ErrorDomain.Qemu, "argument unsupported: QEMU guest agent is not configured");
            return channel.SourcePath ?? _paths.AgentSocket(d.Name);
        }
    }

    private static async Task<string> AgentAsync(string socket, string json)
    {
        try
        {
            return await GuestAgentClient.ExecuteAsync(socket, json, TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        }
        catch (TimeoutException e)
        {
            throw new LibvirtException(ErrorCode.AgentUnresponsive, ErrorDomain.Qemu, "Guest agent is not responding: " + e.Message);
        }
        catch (GuestAgentErrorException e)
        {
            throw QemuErrors.Internal("unable to execute QEMU agent command: " + e.Message);
        }
    }

    /// <summary>guest-get-vcpus: (logical id, online, can offline) of every CPU the guest knows.</summary>
    private static async Task<List<(int Id, bool Online, bool CanOffline)>> GuestVcpusAsync(string socket)
    {
        using var doc = JsonDocument.Parse(await AgentAsync(socket, "{\"execute\":\"guest-get-vcpus\"}").ConfigureAwait(false));
        return [.. doc.RootElement.EnumerateArray().Select(v => (
            v.GetProperty("logical-id").GetInt32(),
            v.GetProperty("online").GetBoolean(),
            v.TryGetProperty("can-offline", out var c) && c.GetBoolean()))];
    }

    private async Task<int> GetGuestVcpusCountAsync(QemuDomain d)
    {
        var vcpus = await GuestVcpusAsync(AgentSocket(d)).ConfigureAwait(false);
        return vcpus.Count(v => v.Online);
    }

    private async Task SetGuestVcpusCountAsync(QemuDomain d, uint nvcpus)
    {
        var socket = AgentSocket(d);
        var vcpus = await GuestVcpusAsync(socket).ConfigureAwait(false);
        if (nvcpus > vcpus.Count)
            throw QemuErrors.InvalidArg($"guest agent reports less cpu than requested: {vcpus.Count} < {nvcpus}");
        var changes = new List<(int Id, bool Online)>();
        foreach (var (v, i) in vcpus.OrderBy(v => v.Id).Select((v, i) => (v, i)))
        {
            bool want = i < nvcpus;
            if (want == v.Online)
                continue;
            if (!want && !v.CanOffline)
                throw QemuErrors.InvalidArg($"guest cpu {v.Id} can't be offlined");
            changes.Add((v.Id, want));
        }
        if (changes.Count == 0)
            return;
        var json = new StringBuilder("{\"execute\":\"guest-set-vcpus\",\"arguments\":{\"vcpus\":[");
        json.AppendJoin(',', changes.Select(c => string.Create(CultureInfo.InvariantCulture, $"{{\"logical-id\":{c.Id},\"online\":{(c.Online ? "true" : "false")}}}")));
        json.Append("]}}");
        var done = int.Parse(await AgentAsync(socket, json.ToString()).ConfigureAwait(false), CultureInfo.InvariantCulture);
        if (done != changes.Count)
            throw QemuErrors.Internal($"failed to set state of cpu {changes[done].Id} via guest agent");
    }
}
