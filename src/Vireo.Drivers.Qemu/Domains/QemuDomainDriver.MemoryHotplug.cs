using System.Globalization;
using System.Text.Json;
using Vireo.Drivers.Qemu.CommandLine;
using Vireo.Drivers.Qemu.Qmp;
using Vireo.Model.Domain;
using Vireo.Model.Domain.Devices;

namespace Vireo.Drivers.Qemu.Domains;

public sealed partial class QemuDomainDriver
{
    /// <summary>
    /// Plugs a &lt;memory model='dimm'&gt; into a running guest as libvirt does: object-add of a memory-backend-ram
    /// (memdimmN), then device_add pc-dimm into the target NUMA node and the lowest free slot; the base address
    /// QEMU chose (query-memory-devices) goes into the live XML. A refused device_add removes the backend again.
    /// </summary>
    private static async Task<DomainDevice> AttachMemoryLiveAsync(DomainDefinition live, OtherDevice dimm, QmpClient qmp)
    {
        MemoryDevices.CheckAttach(live, dimm);
        int slot = MemoryDevices.FreeSlot(live);
        var alias = "dimm" + slot.ToString(CultureInfo.InvariantCulture);
        ulong bytes = MemoryDevices.SizeKiB(dimm) * 1024;
        await Qmp(() => qmp.ExecuteAsync("object-add", w =>
        {
            w.WriteString("qom-type", "memory-backend-ram");
            w.WriteString("id", "mem" + alias);
            w.WriteNumber("size", bytes);
        })).ConfigureAwait(false);
        try
        {
            await Qmp(() => qmp.DeviceAddAsync("pc-dimm", [
                new("node", (long)MemoryDevices.Node(dimm)), new("memdev", "mem" + alias), new("id", alias), new("slot", (long)slot)])).ConfigureAwait(false);
        }
        catch
        {
            await qmp.ExecuteAsync("object-del", w => w.WriteString("id", "mem" + alias)).ConfigureAwait(false);
            throw;
        }
        ulong? baseAddress = null;
        var devices = await qmp.ExecuteAsync("query-memory-devices", null).ConfigureAwait(false);
        foreach (var m in devices.EnumerateArray())
            if (m.TryGetProperty("data", out var data) && data.TryGetProperty("id", out var id) && id.GetString() == alias
                && data.TryGetProperty("addr", out var addr) && addr.ValueKind == JsonValueKind.Number)
                baseAddress = addr.GetUInt64();
        MemoryDevices.Complete(dimm, slot, baseAddress);
        return dimm;
    }
}
