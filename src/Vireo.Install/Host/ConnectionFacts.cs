using System.Xml.Linq;
using Vireo.Client.Api;

namespace Vireo.Install.Host;

/// <summary>What virt-install learns from the connection before it builds a guest, gathered through Vireo.Client.</summary>
public sealed class ConnectionFacts
{
    /// <summary>"qemu", "test" ... (lower-case virConnectGetType).</summary>
    public required string Driver { get; init; }
    public required string Uri { get; init; }
    public required HostCapabilities Caps { get; init; }
    public DomainCaps DomCaps { get; set; } = DomainCaps.Unknown;
    public IReadOnlyList<string> DomainNames { get; init; } = Array.Empty<string>();
    public IReadOnlySet<string> MacsInUse { get; init; } = new HashSet<string>();
    public IReadOnlyList<string> NetworkNames { get; init; } = Array.Empty<string>();

    public bool IsQemu => Driver == "qemu";
    public bool IsTest => Driver == "test";

    /// <summary>qemu:///session: unprivileged, user networking by default.</summary>
    public bool IsSession => Uri.Contains("/session", StringComparison.Ordinal);

    public static async Task<ConnectionFacts> GatherAsync(Connection conn)
    {
        var type = (await conn.GetTypeAsync().ConfigureAwait(false)).ToLowerInvariant();
        var caps = HostCapabilities.Parse(await conn.GetCapabilitiesAsync().ConfigureAwait(false));
        var domains = await conn.ListAllDomainsAsync().ConfigureAwait(false);
        var macs = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var d in domains)
        {
            var xml = XDocument.Parse(await d.GetXmlDescAsync(DomainXmlFlags.Inactive).ConfigureAwait(false));
            foreach (var m in xml.Descendants("interface").Elements("mac"))
                if ((string?)m.Attribute("address") is { } a)
                    macs.Add(a);
        }

        IReadOnlyList<string> networks = Array.Empty<string>();
        try
        {
            networks = (await conn.ListAllNetworksAsync().ConfigureAwait(false)).Select(n => n.Name).ToList();
        }
        catch (Vireo.Protocol.Errors.LibvirtException)
        {
            // a driver without networks: only user networking and bridges are possible
        }

        return new ConnectionFacts
        {
            Driver = type,
            Uri = conn.Uri.Original,
            Caps = caps,
            DomainNames = domains.Select(d => d.Name).ToList(),
            MacsInUse = macs,
            NetworkNames = networks,
        };
    }

    /// <summary>Domain capabilities for the chosen emulator/arch/machine/type; left unknown when the driver has none.</summary>
    public async Task LoadDomainCapsAsync(Connection conn, string? emulator, string arch, string? machine, string virtType)
    {
        try
        {
            DomCaps = DomainCaps.Parse(await conn.GetDomainCapabilitiesAsync(emulator, arch, machine, virtType).ConfigureAwait(false));
        }
        catch (Vireo.Protocol.Errors.LibvirtException)
        {
            DomCaps = DomainCaps.Unknown;
        }
    }
}
