using Vireo.Client.Api;
using Vireo.Web.Api;
using Vireo.Web.Users;

namespace Vireo.Web.Tests;

/// <summary>The users file and the XML the wizards build, without a browser.</summary>
public sealed class FormTests
{
    [Fact]
    public void UsersFileStoresSaltedHashesAndVerifies()
    {
        var dir = Directory.CreateTempSubdirectory("vireo-web-users-").FullName;
        try
        {
            var users = new UsersFile(Path.Combine(dir, "web-users"));
            users.SetPassword("alice", "same");
            users.SetPassword("bob", "same");
            Assert.True(users.Verify("alice", "same"));
            Assert.False(users.Verify("alice", "Same"));
            Assert.False(users.Verify("carol", "same"));
            var lines = File.ReadAllLines(users.Path);
            Assert.Equal(2, lines.Length);
            Assert.DoesNotContain("same", File.ReadAllText(users.Path));
            Assert.NotEqual(lines[0].Split(':')[4], lines[1].Split(':')[4]); // salted: same password, different hash
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(users.Path));
            users.SetPassword("alice", "changed");
            Assert.True(users.Verify("alice", "changed"));
            Assert.False(users.Verify("alice", "same"));
            Assert.Throws<ArgumentException>(() => users.SetPassword("a:b", "x"));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Theory]
    [InlineData("192.168.1.0", null, null, "ipv4")]
    [InlineData("192.168.1.0/31", null, null, "ipv4")]
    [InlineData("192.168.1.0/24", "192.168.2.10", null, "dhcpStart")]
    [InlineData("192.168.1.0/24", "192.168.1.200", "192.168.1.100", "dhcpStart")]
    public void NetworkWizardRejectsBadAddressesNamingTheField(string ipv4, string? start, string? end, string field)
    {
        var e = Assert.Throws<WebInputException>(() => HostEndpoints.NetworkXml(new CreateNetworkRequest("n1", ipv4, start, end, "nat", null)));
        Assert.Equal(field, e.Field);
    }

    [Fact]
    public void NetworkWizardDefaultsTheDhcpRangeToTheUpperHalf()
    {
        var xml = HostEndpoints.NetworkXml(new CreateNetworkRequest("n1", "10.1.2.0/24", null, null, "nat", "eth0"));
        Assert.Contains("<forward mode='nat' dev='eth0'/>", xml);
        Assert.Contains("<ip address='10.1.2.1' prefix='24'>", xml);
        Assert.Contains("<range start='10.1.2.128' end='10.1.2.254'/>", xml);
    }

    [Fact]
    public void NewVmWarnsWhenOverTheHostButRejectsBadNames()
    {
        var node = new NodeInfo("x86_64", 2 * 1024 * 1024, 2, 2000, 1, 1, 2, 1);
        var ok = new NewVmRequest("vm1", "pxe", null, null, 4096, 4, "none", null, null, null, "network", "default");
        var warnings = NewVmEndpoints.Validate(ok, node);
        Assert.Equal(2, warnings.Count);
        Assert.Equal("name", Assert.Throws<WebInputException>(() => NewVmEndpoints.Validate(ok with { Name = "has space" }, node)).Field);
        Assert.Equal("media", Assert.Throws<WebInputException>(() => NewVmEndpoints.Validate(ok with { InstallMethod = "iso" }, node)).Field);
        Assert.Empty(NewVmEndpoints.Validate(ok with { MemoryMib = 512, Vcpus = 1 }, node));
    }
}
