using Vireo.Protocol.Remote;

namespace Vireo.Protocol.Tests.Remote;

public class ProcedureTableTests
{
    [Fact]
    public void HasEveryRemoteProcedureOfLibvirt90()
    {
        Assert.Equal(443, RemoteProcedureTable.All.Count);
        Assert.Equal(Enumerable.Range(1, 443), RemoteProcedureTable.All.Select(p => (int)p.Procedure).Order());
    }

    [Fact]
    public void ReadOnlyRulesMatchLibvirtsCounts()
    {
        var counts = RemoteProcedureTable.All.GroupBy(p => p.ReadOnly).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(184, counts[ReadOnlyRule.Allow]);
        Assert.Equal(6, counts[ReadOnlyRule.DenyIfFlag]);
        Assert.Equal(ReadOnlyRule.Deny, RemoteProcedureTable.Find((int)RemoteProcedure.DomainDestroy)!.ReadOnly);
        Assert.Equal(ReadOnlyRule.Allow, RemoteProcedureTable.Find((int)RemoteProcedure.DomainLookupByName)!.ReadOnly);
        Assert.Null(RemoteProcedureTable.Find(9999));
    }

    [Theory]
    [InlineData(RemoteProcedure.DomainDestroy, "virDomainDestroy")]
    [InlineData(RemoteProcedure.DomainDefineXml, "virDomainDefineXML")]
    [InlineData(RemoteProcedure.DomainLookupByUuid, "virDomainLookupByUUID")]
    [InlineData(RemoteProcedure.NetworkCreateXml, "virNetworkCreateXML")]
    [InlineData(RemoteProcedure.DomainSetMemoryFlags, "virDomainSetMemoryFlags")]
    public void ApiNamesAreSpelledAsLibvirtSpellsThem(RemoteProcedure p, string api) =>
        Assert.Equal(api, RemoteProcedureTable.Find((int)p)!.ApiName);

    [Fact]
    public void StreamDirectionsAreDeclared()
    {
        Assert.Equal(StreamDirection.Read, RemoteProcedureTable.Find((int)RemoteProcedure.DomainOpenConsole)!.Stream);
        Assert.Equal(StreamDirection.Write, RemoteProcedureTable.Find((int)RemoteProcedure.StorageVolUpload)!.Stream);
    }
}
