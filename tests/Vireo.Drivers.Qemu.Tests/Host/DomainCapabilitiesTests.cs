using System.Diagnostics;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Vireo.Drivers.Qemu.Host;
using Vireo.Drivers.Qemu.Qmp;
using Vireo.Drivers.Qemu.Tests.Support;
using Vireo.Protocol.Errors;

namespace Vireo.Drivers.Qemu.Tests.Host;

/// <summary>
/// virConnectGetDomainCapabilities against the real emulator: the machine, vCPU limit and CPU models must be the
/// ones the binary itself reports (asked here independently: -machine help, -cpu help, and our own QMP session).
/// </summary>
public class DomainCapabilitiesTests
{
    private static readonly string[] RootOrder = ["path", "domain", "machine", "arch", "vcpu", "iothreads", "os", "cpu", "devices", "features"];

    private static QemuHost Host() => new("qemu:///system", QemuEmulatorInfo.Probe(TestGuest.Emulator!));

    [QemuFact]
    public async Task DefaultMachineCpuModelsAndVcpuMaxComeFromTheEmulator()
    {
        string emulator = TestGuest.Emulator!;
        var doc = XDocument.Parse(await Host().GetDomainCapabilitiesAsync(null, null, null, "qemu", 0));
        var root = doc.Root!;
        Assert.Equal("domainCapabilities", root.Name.LocalName);
        Assert.Equal(RootOrder, root.Elements().Select(e => e.Name.LocalName));
        Assert.Equal(emulator, root.Element("path")!.Value);
        Assert.Equal("qemu", root.Element("domain")!.Value);
        Assert.Equal("x86_64", root.Element("arch")!.Value);

        string pcAlias = Regex.Match(Run(emulator, "-machine", "help"), @"^pc\s+.*\(alias of ([\w.-]+)\)", RegexOptions.Multiline).Groups[1].Value;
        Assert.Equal(pcAlias, root.Element("machine")!.Value);
        Assert.Equal((await CpuMaxAsync(emulator, pcAlias)).ToString(System.Globalization.CultureInfo.InvariantCulture),
            root.Element("vcpu")!.Attribute("max")!.Value);

        string cpuHelp = Run(emulator, "-cpu", "help");
        var custom = root.Element("cpu")!.Elements("mode").Single(m => m.Attribute("name")!.Value == "custom");
        var models = custom.Elements("model").Select(m => m.Value).ToList();
        Assert.NotEmpty(models);
        Assert.All(models, m => Assert.Matches(@"(?m)^x86\s+" + Regex.Escape(m) + @"(\s|$)", cpuHelp));
        Assert.Contains("qemu64", models);
        Assert.All(custom.Elements("model"), m => Assert.Contains(m.Attribute("usable")!.Value, new[] { "yes", "no" }));
        Assert.Equal("no", root.Element("cpu")!.Elements("mode").Single(m => m.Attribute("name")!.Value == "host-passthrough").Attribute("supported")!.Value);
    }

    [QemuFact]
    public async Task MachineAliasResolvesToItsCanonicalMachineAndLimit()
    {
        string emulator = TestGuest.Emulator!;
        string q35 = Regex.Match(Run(emulator, "-machine", "help"), @"^q35\s+.*\(alias of ([\w.-]+)\)", RegexOptions.Multiline).Groups[1].Value;
        var root = XDocument.Parse(await Host().GetDomainCapabilitiesAsync(emulator, "x86_64", "q35", "qemu", 0)).Root!;
        Assert.Equal(q35, root.Element("machine")!.Value);
        Assert.Equal((await CpuMaxAsync(emulator, q35)).ToString(System.Globalization.CultureInfo.InvariantCulture), root.Element("vcpu")!.Attribute("max")!.Value);
        // q35 has no IDE bus.
        var buses = root.Element("devices")!.Element("disk")!.Elements("enum").Single(e => e.Attribute("name")!.Value == "bus").Elements("value").Select(v => v.Value);
        Assert.DoesNotContain("ide", buses);
    }

    [QemuFact]
    public async Task MismatchedArgumentsGiveLibvirtsErrors()
    {
        var host = Host();
        string emulator = TestGuest.Emulator!;
        var e = await Assert.ThrowsAsync<LibvirtException>(() => host.GetDomainCapabilitiesAsync(null, null, "nosuch", "qemu", 0));
        Assert.Equal($"invalid argument: the machine 'nosuch' is not supported by emulator '{emulator}'", e.Message);
        e = await Assert.ThrowsAsync<LibvirtException>(() => host.GetDomainCapabilitiesAsync(null, "aarch64", null, "qemu", 0));
        Assert.Equal("unsupported configuration: unable to find any emulator to serve 'aarch64' architecture", e.Message);
        e = await Assert.ThrowsAsync<LibvirtException>(() => host.GetDomainCapabilitiesAsync(null, null, null, "xen", 0));
        Assert.Equal($"invalid argument: the accel 'tcg' is not supported by '{emulator}' on this host", e.Message);
        e = await Assert.ThrowsAsync<LibvirtException>(() => host.GetDomainCapabilitiesAsync(null, null, null, "qemu", 1));
        Assert.Equal(ErrorCode.InvalidArg, e.Code);
    }

    [Fact]
    public void FirmwareDescriptorsMatchArchAndMachineInFileOrder()
    {
        var dir = Directory.CreateTempSubdirectory("vireo-domcaps-fw-");
        try
        {
            static string Descriptor(string exe, string machines, string features) =>
                "{\"interface-types\": [\"uefi\"], \"mapping\": {\"device\": \"flash\", \"executable\": {\"filename\": \"" + exe
                + "\", \"format\": \"raw\"}}, \"targets\": [{\"architecture\": \"x86_64\", \"machines\": [" + machines + "]}], \"features\": [" + features + "]}";
            File.WriteAllText(Path.Combine(dir.FullName, "60-plain.json"), Descriptor("/fw/plain.fd", "\"pc-i440fx-*\", \"pc-q35-*\"", ""));
            File.WriteAllText(Path.Combine(dir.FullName, "50-secure.json"), Descriptor("/fw/secure.fd", "\"pc-q35-*\"", "\"secure-boot\", \"requires-smm\""));
            File.WriteAllText(Path.Combine(dir.FullName, "10-bios.json"), """{"interface-types": ["bios"], "mapping": {"device": "memory", "filename": "/fw/bios.bin"}, "targets": [{"architecture": "x86_64", "machines": ["pc-*"]}], "features": []}""");
            File.WriteAllText(Path.Combine(dir.FullName, "70-broken.json"), "{ not json");
            Assert.Equal([new FirmwareImage("/fw/plain.fd", false)], DomainCapabilitiesFirmware.Find("x86_64", "pc-i440fx-7.2", [dir.FullName]));
            Assert.Equal([new FirmwareImage("/fw/secure.fd", true), new FirmwareImage("/fw/plain.fd", false)],
                DomainCapabilitiesFirmware.Find("x86_64", "pc-q35-7.2", [dir.FullName]));
            Assert.Empty(DomainCapabilitiesFirmware.Find("aarch64", "virt", [dir.FullName]));
        }
        finally
        {
            dir.Delete(true);
        }
    }

    /// <summary>cpu-max of a machine, from a QMP session of our own.</summary>
    private static async Task<int> CpuMaxAsync(string emulator, string machine)
    {
        var dir = Directory.CreateTempSubdirectory("vireo-domcaps-test-");
        string sock = Path.Combine(dir.FullName, "qmp.sock");
        using var qemu = Process.Start(new ProcessStartInfo(emulator, ["-S", "-nodefaults", "-nographic", "-machine", "none", "-qmp", $"unix:{sock},server=on,wait=off"])
            { RedirectStandardOutput = true, RedirectStandardError = true })!;
        try
        {
            await using var qmp = await QmpClient.ConnectWithRetryAsync(sock, TimeSpan.FromSeconds(60));
            var machines = await qmp.ExecuteAsync("query-machines", null);
            return machines.EnumerateArray().Single(m => m.GetProperty("name").GetString() == machine).GetProperty("cpu-max").GetInt32();
        }
        finally
        {
            qemu.Kill();
            dir.Delete(true);
        }
    }

    private static string Run(string exe, params string[] args)
    {
        using var p = Process.Start(new ProcessStartInfo(exe, args) { RedirectStandardOutput = true })!;
        string output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return output;
    }
}
