using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Vireo.Daemon.Access;
using Vireo.Daemon.Config;
using Vireo.Daemon.Server;
using Vireo.Daemon.Tls;

namespace Vireo.Daemon.Tests;

/// <summary>The pieces of TLS and access control that need no network: globs, DNs, CRLs, ACL rules, config lists.</summary>
public sealed class AccessAndTlsUnitTests
{
    [Theory]
    [InlineData("web-*", "web-1", true)]
    [InlineData("web-*", "db-1", false)]
    [InlineData("web-?", "web-12", false)]
    [InlineData("web-[0-9]", "web-7", true)]
    [InlineData("web-[!0-9]", "web-7", false)]
    [InlineData("CN=*,O=Vireo", "CN=alice,O=Vireo", true)]
    [InlineData("*", "", true)]
    public void GlobMatchesLikeFnmatch(string pattern, string text, bool expected) =>
        Assert.Equal(expected, Glob.IsMatch(pattern, text));

    [Fact]
    public void DistinguishedNameMatchesInEitherOrder()
    {
        var name = new X500DistinguishedName("CN=client1, O=Red Hat, C=GB");
        Assert.Equal("CN=client1,O=Red Hat,C=GB", DistinguishedName.Rfc4514(name));
        Assert.Equal("C=GB,O=Red Hat,CN=client1", DistinguishedName.EncodingOrder(name));
        Assert.True(DistinguishedName.MatchesAny(name, ["C=GB,O=Red Hat,CN=*"]));
        Assert.True(DistinguishedName.MatchesAny(name, ["CN=client1,*"]));
        Assert.False(DistinguishedName.MatchesAny(name, ["CN=client2,*"]));
    }

    [Fact]
    public void CrlListsRevokedSerialsAndMustBeSignedByTheCa()
    {
        using var caKey = RSA.Create(2048);
        var caReq = new CertificateRequest("CN=Test CA", caKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        caReq.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caReq.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        using var ca = caReq.CreateSelfSigned(DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddDays(1));
        X509Certificate2 Leaf(string cn, byte serial)
        {
            using var k = RSA.Create(2048);
            return new CertificateRequest($"CN={cn}", k, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
                .Create(ca, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(12), [0x40, serial]);
        }
        var revoked = Leaf("bad", 1);
        var good = Leaf("good", 2);
        var builder = new CertificateRevocationListBuilder();
        builder.AddEntry(revoked);
        var der = builder.Build(ca, 1, DateTimeOffset.UtcNow.AddDays(1), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, PemEncoding.WriteString("X509 CRL", der));
            var crl = CrlFile.Load(path, ca);
            Assert.True(crl.IsRevoked(revoked));
            Assert.False(crl.IsRevoked(good));

            using var otherKey = RSA.Create(2048);
            using var other = new CertificateRequest("CN=Other CA", otherKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
                .CreateSelfSigned(DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddDays(1));
            var e = Assert.Throws<IOException>(() => CrlFile.Load(path, other));
            Assert.Contains("is not signed by the CA", e.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void AclRulesDecideInOrderAndDefaultToRootOnly()
    {
        var dir = Directory.CreateTempSubdirectory("vireo-acl-unit-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(dir, "access.conf"), """
                deny  user:4242 domain:stop prod-*
                allow user:4242 domain:start,domain:stop *
                allow dn:CN=admin,* * *
                """);
            var config = new DaemonConfig { AccessFile = Path.Combine(dir, "access.conf") };
            var acl = AccessControl.Load(config, DaemonPaths.ForRoot(dir));
            var user = AccessSubject.From(new PeerIdentity("unix", Pid: -1, Uid: 4242, Gid: 4242));
            Assert.Null(acl.Deny(user, ["domain:start"], "web-1"));
            Assert.Equal("domain:stop", acl.Deny(user, ["domain:start", "domain:stop"], "prod-db"));
            Assert.Equal("domain:delete", acl.Deny(user, ["domain:delete"], "web-1"));
            var root = AccessSubject.From(new PeerIdentity("unix", Pid: -1, Uid: 0, Gid: 0));
            Assert.Null(acl.Deny(root, ["domain:delete"], "anything"));
            var admin = AccessSubject.From(new PeerIdentity("tls", Address: "127.0.0.1:1") { X509Dn = "CN=admin,O=Vireo" });
            Assert.Null(acl.Deny(admin, ["domain:delete"], "x"));
            var stranger = AccessSubject.From(new PeerIdentity("tls", Address: "127.0.0.1:2") { X509Dn = "CN=eve,O=Vireo" });
            Assert.Equal("connect:getattr", acl.Deny(stranger, ["connect:getattr"], ""));
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void AclObjectGlobDefaultsToEverything() =>
        Assert.Equal("*", AccessRule.Parse("allow user:alice domain:start", "f:1").ObjectGlob);

    [Theory]
    [InlineData("allow user:alice")]
    [InlineData("permit user:alice domain:start web-*")]
    [InlineData("allow uid:1000 domain:start web-*")]
    [InlineData("allow user:alice start web-*")]
    public void MalformedAclLinesAreRejectedWithTheirLocation(string line)
    {
        var e = Assert.Throws<FormatException>(() => AccessRule.Parse(line, "access.conf:7"));
        Assert.StartsWith("access.conf:7:", e.Message);
    }

    [Fact]
    public void ConfigListsKeepCommasInsideQuotes()
    {
        Assert.Equal(["C=GB,O=Red Hat,CN=*", "CN=x"], ConfigList.Parse("[\"C=GB,O=Red Hat,CN=*\", \"CN=x\"]", "f:1"));
        Assert.Throws<FormatException>(() => ConfigList.Parse("CN=x", "f:1"));
    }
}
