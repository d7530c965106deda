using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Vireo.Client.Api;
using Vireo.Install;
using Vireo.Install.Cli;
using Vireo.Install.Guest;
using Vireo.Install.Media;
using Vireo.Protocol.Errors;
using Vireo.Web.Hosts;
using Vireo.Web.Xml;

namespace Vireo.Web.Api;

/// <summary>
/// The New VM wizard (2.2, 3.2): name, install method (local ISO/CD, network install tree URL, PXE, import a disk), OS variant,
/// storage, network, memory and vCPUs with the guide's warnings; Finish defines the guest and starts it.
/// </summary>
public static partial class NewVmEndpoints
{
    // the guide: "Punctuation and whitespace characters are not permitted" (virt-manager accepts - _ . too)
    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_.-]{0,49}$")]
    private static partial Regex GuestName();

    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/c/{cid}/vm-limits", async (string cid, ConnectionManager m) =>
        {
            var mc = m.Get(cid);
            var conn = mc.Require();
            var node = mc.Node ?? await conn.GetNodeInfoAsync();
            var pools = new List<string>();
            var nets = new List<string>();
            try { pools = (await conn.ListAllStoragePoolsAsync(ListStoragePoolsFlags.Active)).Select(p => p.Name).ToList(); } catch (LibvirtException) { }
            try { nets = (await conn.ListAllNetworksAsync(ListNetworksFlags.Active)).Select(n => n.Name).ToList(); } catch (LibvirtException) { }
            return new VmLimits(node.Cpus, node.Memory / 1024, OsInfoCatalog.All, pools, nets);
        });
        api.MapPost("/c/{cid}/vms", async (string cid, NewVmRequest req, ConnectionManager m) =>
        {
            var mc = m.Get(cid);
            var conn = mc.Require();
            var node = mc.Node ?? await conn.GetNodeInfoAsync();
            var warnings = Validate(req, node);
            try
            {
                await conn.LookupDomainByNameAsync(req.Name!);
                throw new WebInputException($"a guest named '{req.Name}' already exists", "name");
            }
            catch (LibvirtException e) when (e.Code == ErrorCode.NoDomain)
            {
            }
            string? diskPath = null;
            if (req.StorageMode == "new")
            {
                if (string.IsNullOrEmpty(req.Pool)) throw new WebInputException("choose a storage pool", "pool");
                var pool = await conn.LookupStoragePoolByNameAsync(req.Pool);
                diskPath = await HardwareEndpoints.CreateVolumeAsync(pool, req.Name!, req.SizeGiB!.Value, "qcow2");
            }
            else if (req.StorageMode == "existing")
            {
                diskPath = req.DiskPath!.Trim();
            }
            string type = await DomainTypeAsync(conn);
            var xml = DomainXml(req, type, diskPath);
            Domain dom;
            if (req.InstallMethod == "url")
            {
                // as vireo-install --location URL: the install boots the tree's kernel and initrd, later boots the disk
                var kernel = await FetchTreeAsync(req.Media!.Trim());
                dom = await conn.DefineDomainXmlAsync(DomainXml(req, type, diskPath, kernel));
                if (req.Start)
                {
                    await dom.StartAsync();
                    // the same guest (its UUID) for later boots: from the disk
                    int at = xml.IndexOf("</name>\n", StringComparison.Ordinal) + "</name>\n".Length;
                    await conn.DefineDomainXmlAsync(xml.Insert(at, $"  <uuid>{dom.UuidString}</uuid>\n"));
                }
            }
            else
            {
                dom = await conn.DefineDomainXmlAsync(xml);
                if (req.Start) await dom.StartAsync();
            }
            await mc.RefreshAsync();
            return new NewVmReply(dom.UuidString, dom.Name, warnings);
        });
    }

    /// <summary>A new guest's name as the guide allows it (the New VM wizard and the Clone dialog).</summary>
    public static void CheckName(string? name)
    {
        if (string.IsNullOrEmpty(name) || !GuestName().IsMatch(name))
            throw new WebInputException("enter a name of letters and digits ('-', '_' and '.' allowed, no spaces or other punctuation)", "name");
    }

    /// <summary>Checks every field; returns the guide's warnings (over-committing memory or processors), which do not stop it.</summary>
    public static List<string> Validate(NewVmRequest r, NodeInfo node)
    {
        CheckName(r.Name);
        string method = r.InstallMethod ?? "";
        switch (method)
        {
            case "iso":
                if (string.IsNullOrWhiteSpace(r.Media) || !r.Media.Trim().StartsWith('/')) throw new WebInputException("enter the ISO image or CD-ROM device path", "media");
                break;
            case "url":
                if (!Uri.TryCreate(r.Media?.Trim(), UriKind.Absolute, out var u) || u.Scheme is not ("http" or "https"))
                    throw new WebInputException("enter the http or https URL of the install tree (the directory holding the kernel and initrd)", "media");
                break;
            case "pxe":
                if (r.NetworkType is null or "none") throw new WebInputException("a PXE install needs a network", "networkType");
                break;
            case "import":
                if (r.StorageMode != "existing") throw new WebInputException("importing needs an existing disk image", "storageMode");
                break;
            default:
                throw new WebInputException("choose an install method (iso, url, pxe or import)", "installMethod");
        }
        if (r.MemoryMib < 4) throw new WebInputException("memory must be at least 4 MiB", "memoryMib");
        if (r.Vcpus < 1) throw new WebInputException("a guest needs at least 1 virtual CPU", "vcpus");
        switch (r.StorageMode)
        {
            case "new":
                if (r.SizeGiB is not > 0) throw new WebInputException("enter the disk size in GiB", "sizeGiB");
                break;
            case "existing":
                if (string.IsNullOrWhiteSpace(r.DiskPath) || !r.DiskPath.Trim().StartsWith('/')) throw new WebInputException("enter the disk image's absolute path", "diskPath");
                break;
            case "none" or null:
                break;
            default:
                throw new WebInputException("storage is new, existing or none", "storageMode");
        }
        if (r.NetworkType is "network" or "bridge" && string.IsNullOrWhiteSpace(r.NetworkSource))
            throw new WebInputException("choose the virtual network or the shared device", "networkSource");
        var warnings = new List<string>();
        ulong hostMib = node.Memory / 1024;
        if (r.MemoryMib > hostMib) warnings.Add($"The guest has more memory ({r.MemoryMib} MiB) than the host ({hostMib} MiB).");
        if (r.Vcpus > node.Cpus) warnings.Add($"More virtual CPUs ({r.Vcpus}) than the host's {node.Cpus} processors: over-allocating hurts guest and host performance.");
        return warnings;
    }

    private static async Task<string> DomainTypeAsync(Connection conn)
    {
        var type = await conn.GetTypeAsync();
        if (type.Equals("Test", StringComparison.OrdinalIgnoreCase)) return "test";
        // TCG unless the capabilities offer KVM for this host's architecture
        var caps = await conn.GetCapabilitiesAsync();
        return caps.Contains("<domain type='kvm'", StringComparison.Ordinal) && File.Exists("/dev/kvm") ? "kvm" : "qemu";
    }

    /// <summary>Finds the kernel and initrd in the tree and copies them where the local daemon reads them (Vireo.Install's InstallMedia).</summary>
    private static async Task<KernelBoot> FetchTreeAsync(string url)
    {
        try
        {
            var media = await new InstallMedia(TextWriter.Null).PrepareAsync(new InstallOptions { Location = url }, xmlOnly: false);
            return media.Kernel;
        }
        catch (InstallException e)
        {
            throw new WebInputException(e.Message, "media");
        }
        catch (HttpRequestException e)
        {
            throw new WebInputException($"Error retrieving the install tree's kernel from {url}: {e.Message}", "media");
        }
    }

    public static string DomainXml(NewVmRequest r, string type, string? diskPath, KernelBoot? install = null)
    {
        var osUri = OsInfoCatalog.UriOf(r.OsVariant);
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"<domain type='{type}'>\n  <name>{r.Name}</name>\n");
        if (osUri is { } uri)
            sb.Append(CultureInfo.InvariantCulture, $"  <metadata>\n    <libosinfo:libosinfo xmlns:libosinfo='http://libosinfo.org/xmlns/libvirt/domain/1.0'>\n      <libosinfo:os id='{DeviceXml.Esc(uri)}'/>\n    </libosinfo:libosinfo>\n  </metadata>\n");
        sb.Append(CultureInfo.InvariantCulture, $"  <memory unit='KiB'>{r.MemoryMib * 1024}</memory>\n  <currentMemory unit='KiB'>{r.MemoryMib * 1024}</currentMemory>\n  <vcpu>{r.Vcpus}</vcpu>\n");
        sb.Append("  <os>\n    <type arch='x86_64'>hvm</type>\n");
        if (install is not null)
        {
            sb.Append(CultureInfo.InvariantCulture, $"    <kernel>{DeviceXml.Esc(install.Kernel)}</kernel>\n");
            if (install.Initrd is { } initrd) sb.Append(CultureInfo.InvariantCulture, $"    <initrd>{DeviceXml.Esc(initrd)}</initrd>\n");
            if (install.Cmdline is { Length: > 0 } args) sb.Append(CultureInfo.InvariantCulture, $"    <cmdline>{DeviceXml.Esc(args)}</cmdline>\n");
        }
        foreach (var dev in r.InstallMethod switch { "pxe" => new[] { "network", "hd" }, "import" or "url" => ["hd"], _ => ["cdrom", "hd"] })
            sb.Append(CultureInfo.InvariantCulture, $"    <boot dev='{dev}'/>\n");
        sb.Append("  </os>\n  <features>\n    <acpi/>\n    <apic/>\n  </features>\n  <devices>\n");
        if (diskPath is not null)
        {
            string fmt = diskPath.EndsWith(".qcow2", StringComparison.Ordinal) ? "qcow2" : "raw";
            sb.Append(CultureInfo.InvariantCulture, $"    <disk type='file' device='disk'>\n      <driver name='qemu' type='{fmt}'/>\n      <source file='{DeviceXml.Esc(diskPath)}'/>\n      <target dev='vda' bus='virtio'/>\n    </disk>\n");
        }
        if (r.InstallMethod == "iso")
            sb.Append(CultureInfo.InvariantCulture, $"    <disk type='file' device='cdrom'>\n      <driver name='qemu' type='raw'/>\n      <source file='{DeviceXml.Esc(r.Media!.Trim())}'/>\n      <target dev='sda' bus='sata'/>\n      <readonly/>\n    </disk>\n");
        if (r.NetworkType is "network" or "bridge")
            sb.Append(CultureInfo.InvariantCulture, $"    <interface type='{r.NetworkType}'>\n      <source {r.NetworkType}='{DeviceXml.Esc(r.NetworkSource!.Trim())}'/>\n      <model type='virtio'/>\n    </interface>\n");
        sb.Append("    <serial type='pty'>\n      <target port='0'/>\n    </serial>\n    <console type='pty'>\n      <target type='serial' port='0'/>\n    </console>\n");
        sb.Append("    <input type='tablet' bus='usb'/>\n    <graphics type='vnc' autoport='yes' listen='127.0.0.1'>\n      <listen type='address' address='127.0.0.1'/>\n    </graphics>\n    <video>\n      <model type='vga'/>\n    </video>\n");
        sb.Append("  </devices>\n</domain>\n");
        return sb.ToString();
    }
}
