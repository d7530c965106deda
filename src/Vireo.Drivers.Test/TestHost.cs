using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Vireo.Drivers.Host;

namespace Vireo.Drivers.Test;

/// <summary>
/// Node-level facts of libvirt's test driver: hypervisor "TEST" version 0.0.2, an i686 host with 16 CPUs in two
/// NUMA cells (or what a node file says), the "testSecurity" model and a fixed fake sysinfo.
/// </summary>
public sealed class TestHost : IHostDriver
{
    /// <summary>libvirt's defaultNodeInfo: i686, 3 GiB, 16 CPUs at 1400 MHz, 2 nodes x 2 sockets x 2 cores x 2 threads.</summary>
    public static readonly NodeInfo DefaultNodeInfo = new("i686", 3UL * 1024 * 1024, 16, 1400, 2, 2, 2, 2);

    private const string Sysinfo =
        "<sysinfo type='smbios'>\n" +
        "  <bios>\n" +
        "    <entry name='vendor'>LENOVO</entry>\n" +
        "    <entry name='version'>G4ETA1WW (2.61 )</entry>\n" +
        "    <entry name='date'>05/07/2014</entry>\n" +
        "    <entry name='release'>2.61</entry>\n" +
        "  </bios>\n" +
        "</sysinfo>\n";

    private readonly NodeInfo _nodeInfo;
    private readonly int _numaCells;
    private readonly Lazy<string> _hostname = new(ResolveHostname);
    private readonly Lazy<string> _capabilities;

    /// <param name="uri">Canonical URI of the connection, e.g. test:///default.</param>
    /// <param name="nodeInfo">Node info (the default or the one a node file describes).</param>
    /// <param name="numaCells">NUMA cells in the capabilities: 2 for test:///default, 0 for node files (as libvirt).</param>
    public TestHost(string uri, NodeInfo nodeInfo, int numaCells)
    {
        Uri = uri;
        _nodeInfo = nodeInfo;
        _numaCells = numaCells;
        _capabilities = new(BuildCapabilities);
    }

    public string HypervisorType => "TEST";

    /// <summary>testConnectGetVersion reports 2, which virsh shows as "TEST 0.0.2".</summary>
    public ulong HypervisorVersion => 2;

    public string Uri { get; }

    /// <summary>The real machine's name, canonicalized like virGetHostname.</summary>
    public string Hostname => _hostname.Value;

    /// <summary>VIR_NODEINFO_MAXCPUS: the size of CPU bitmaps (nodes x sockets x cores x threads).</summary>
    public int MaxCpus => Math.Max(1, _nodeInfo.Nodes * _nodeInfo.Sockets * _nodeInfo.Cores * _nodeInfo.Threads);

    public NodeInfo NodeInfo => _nodeInfo;

    public (string Model, string Doi) SecurityModel => ("testSecurity", "");

    public Task<NodeInfo> GetNodeInfoAsync() => Task.FromResult(_nodeInfo);

    public Task<string> GetCapabilitiesAsync() => Task.FromResult(_capabilities.Value);

    public Task<string> GetSysinfoAsync(uint flags)
    {
        TestErrors.CheckFlags(flags, 0, "testConnectGetSysinfo");
        return Task.FromResult(Sysinfo);
    }

    public Task<int> GetMaxVcpusAsync(string? type) => Task.FromResult(TestLimits.MaxVcpus);

    /// <summary>testNodeGetCPUMap: 8 CPUs of which 0, 2 and 4 are online (map 0x15).</summary>
    public Task<bool[]> GetCpuMapAsync() => Task.FromResult(new[] { true, false, true, false, true, false, false, false });

    /// <summary>VIR_DRV_FEATURE_TYPED_PARAM_STRING (9) and VIR_DRV_FEATURE_NETWORK_UPDATE_HAS_CORRECT_ORDER (16).</summary>
    public bool SupportsFeature(int feature) => feature is 9 or 16;

    private static string ResolveHostname()
    {
        string name = Dns.GetHostName();
        if (name.StartsWith("localhost", StringComparison.Ordinal) || name.Contains('.'))
            return name;
        try
        {
            string canonical = Dns.GetHostEntry(name).HostName;
            return string.IsNullOrEmpty(canonical) || canonical.StartsWith("localhost", StringComparison.Ordinal) ? name : canonical;
        }
        catch (SocketException)
        {
            return name;
        }
    }

    // testBuildCapabilities formatted by virCapabilitiesFormatXML.
    private string BuildCapabilities()
    {
        var sb = new StringBuilder();
        sb.Append("<capabilities>\n\n  <host>\n    <cpu>\n      <arch>i686</arch>\n      <features>\n        <pae/>\n        <nonpae/>\n      </features>\n");
        foreach (var size in PageSizes)
            sb.Append(CultureInfo.InvariantCulture, $"      <pages unit='KiB' size='{size}'/>\n");
        sb.Append("    </cpu>\n    <power_management/>\n    <iommu support='no'/>\n    <topology>\n");
        sb.Append(CultureInfo.InvariantCulture, $"      <cells num='{_numaCells}'>\n");
        for (int cell = 0; cell < _numaCells; cell++)
            AppendCell(sb, cell);
        sb.Append("      </cells>\n    </topology>\n    <secmodel>\n      <model>testSecurity</model>\n      <doi></doi>\n    </secmodel>\n  </host>\n\n");
        foreach (var osType in new[] { "hvm", "xen" })
        {
            sb.Append(CultureInfo.InvariantCulture, $"  <guest>\n    <os_type>{osType}</os_type>\n    <arch name='i686'>\n      <wordsize>32</wordsize>\n");
            sb.Append("      <emulator>/usr/bin/test-hv</emulator>\n      <domain type='test'/>\n    </arch>\n");
            sb.Append("    <features>\n      <pae/>\n      <nonpae/>\n    </features>\n  </guest>\n\n");
        }
        sb.Append("</capabilities>\n");
        return sb.ToString();
    }

    private static readonly uint[] PageSizes = [4, 8, 2048, 1024 * 1024];

    // The default connection's cells: 8 CPUs each, cell i has (i+1)*2 GiB; cell 1 uses 8 KiB base pages.
    private static void AppendCell(StringBuilder sb, int cell)
    {
        const int cpusPerCell = 8;
        ulong memKiB = (ulong)(cell + 1) * 2048 * 1024;
        uint basePage = cell == 1 ? PageSizes[1] : PageSizes[0];
        sb.Append(CultureInfo.InvariantCulture, $"        <cell id='{cell}'>\n          <memory unit='KiB'>{memKiB}</memory>\n");
        sb.Append(CultureInfo.InvariantCulture, $"          <pages unit='KiB' size='{basePage}'>{memKiB / basePage}</pages>\n");
        foreach (var size in PageSizes.Skip(2))
            sb.Append(CultureInfo.InvariantCulture, $"          <pages unit='KiB' size='{size}'>0</pages>\n");
        sb.Append(CultureInfo.InvariantCulture, $"          <cpus num='{cpusPerCell}'>\n");
        for (int i = 0; i < cpusPerCell; i++)
        {
            int id = cell * cpusPerCell + i;
            sb.Append(CultureInfo.InvariantCulture, $"            <cpu id='{id}' socket_id='{cell}' die_id='0' core_id='{i}' siblings='{id}'/>\n");
        }
        sb.Append("          </cpus>\n        </cell>\n");
    }
}

/// <summary>Fixed limits of the test driver.</summary>
internal static class TestLimits
{
    /// <summary>testConnectGetMaxVcpus.</summary>
    public const int MaxVcpus = 32;
}
