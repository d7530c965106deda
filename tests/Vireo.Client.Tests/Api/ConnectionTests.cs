using Vireo.Client.Api;
using Vireo.Client.Tests.Support;
using Vireo.Protocol.Errors;
using Vireo.Protocol.Remote;
using Vireo.Protocol.Remote.Messages;
using Vireo.Protocol.Xdr;

namespace Vireo.Client.Tests.Api;

/// <summary>The client's behaviour against a scripted server: open/close sequence, fallbacks, read-only refusals.</summary>
public class ConnectionTests
{
    private static readonly RemoteNonnullDomain TestDom = FakeDaemon.Dom("test");

    private static int P(RemoteProcedure p) => (int)p;

    [Fact]
    public async Task OpensAndClosesWithVirshsSequence()
    {
        await using var d = new FakeDaemon();
        var conn = await Connection.OpenAsync(d.Uri);
        Assert.True(conn.HasEventCallbacks);
        Assert.Equal("test+unix:///default?socket=" + d.SocketPath, await conn.GetUriAsync());
        await conn.DisposeAsync();
        Assert.Equal(new[] { 66, 60, 1, 60, 60, 360, 361, 2 }, d.Calls);
    }

    [Fact]
    public async Task WithoutCloseCallbackItNeitherRegistersNorUnregisters()
    {
        await using var d = new FakeDaemon();
        var conn = await Connection.OpenAsync(d.Uri, closeCallback: false);
        await conn.DisposeAsync();
        Assert.Equal(new[] { 66, 60, 1, 60, 60, 2 }, d.Calls);
    }

    [Fact]
    public async Task ListAllDomainsFallsBackToLegacyListsOnNoSupport()
    {
        await using var d = new FakeDaemon();
        var inactive = new RemoteNonnullDomain("vm2", Guid.NewGuid(), -1);
        d.On(RemoteProcedure.ConnectNumOfDomains, (_, w) => w.WriteInt(1))
         .On(RemoteProcedure.ConnectListDomains, (_, w) => new ConnectListDomainsRet([1]).Encode(w))
         .On(RemoteProcedure.ConnectNumOfDefinedDomains, (_, w) => w.WriteInt(1))
         .On(RemoteProcedure.ConnectListDefinedDomains, (_, w) => new NameListRet(["vm2"]).Encode(w))
         .On(RemoteProcedure.DomainLookupById, (_, w) => TestDom.Encode(w))
         .On(RemoteProcedure.DomainLookupByName, (_, w) => inactive.Encode(w));
        await using var conn = await Connection.OpenAsync(d.Uri);
        var list = await conn.ListAllDomainsAsync(ListDomainsFlags.Active | ListDomainsFlags.Inactive);
        Assert.Equal(new[] { "test", "vm2" }, list.Select(x => x.Name));
        Assert.Equal(new[] { 1, -1 }, list.Select(x => x.Id));
        Assert.Contains(P(RemoteProcedure.ConnectListAllDomains), d.Calls);
        Assert.Contains(P(RemoteProcedure.ConnectListDefinedDomains), d.Calls);
    }

    [Fact]
    public async Task LegacyListingAppliesStateFiltersLocally()
    {
        await using var d = new FakeDaemon();
        d.On(RemoteProcedure.ConnectNumOfDomains, (_, w) => w.WriteInt(1))
         .On(RemoteProcedure.ConnectListDomains, (_, w) => new ConnectListDomainsRet([1]).Encode(w))
         .On(RemoteProcedure.ConnectNumOfDefinedDomains, (_, w) => w.WriteInt(0))
         .On(RemoteProcedure.DomainLookupById, (_, w) => TestDom.Encode(w))
         .On(RemoteProcedure.DomainGetState, (_, w) => new DomainGetStateRet(3, 1).Encode(w));
        await using var conn = await Connection.OpenAsync(d.Uri);
        Assert.Empty(await conn.ListAllDomainsAsync(ListDomainsFlags.Running));
        Assert.Single(await conn.ListAllDomainsAsync(ListDomainsFlags.Paused));
    }

    [Fact]
    public async Task BlockStatsFallBackToTheLegacyCall()
    {
        await using var d = new FakeDaemon();
        d.On(RemoteProcedure.DomainBlockStats, (_, w) => new DomainBlockStatsRet(10, 20, 30, 40, -1).Encode(w));
        await using var conn = await Connection.OpenAsync(d.Uri);
        var dom = conn.Wrap(TestDom);
        var stats = await dom.GetBlockStatsAsync("vda");
        Assert.True(stats.Legacy);
        Assert.Equal(new[] { "rd_operations", "rd_bytes", "wr_operations", "wr_bytes" }, stats.Parameters.Select(p => p.Field));
        Assert.Equal(new long[] { 10, 20, 30, 40 }, stats.Parameters.Select(p => p.IntegerValue));
        // asked the typed-param feature, tried the new call, then the old one
        Assert.Equal(new[] { 60, 243, 64 }, d.Calls.Skip(6));
    }

    [Fact]
    public async Task BlockStatsFlagsUseTheTwoStepParameterCount()
    {
        await using var d = new FakeDaemon();
        d.On(RemoteProcedure.DomainBlockStatsFlags, (a, w) =>
        {
            var args = XdrCodec.Decode<DomainBlockStatsFlagsArgs>(a.Span);
            Assert.Equal(TypedParameter.StringOkayFlag, args.Flags);
            var ret = args.Nparams == 0
                ? new DomainGetParametersRet([], 2)
                : new DomainGetParametersRet([TypedParameter.LLong("rd_operations", 5), TypedParameter.LLong("flush_operations", 7)], 0);
            ret.Encode(w);
        });
        await using var conn = await Connection.OpenAsync(d.Uri);
        var stats = await conn.Wrap(TestDom).GetBlockStatsAsync("");
        Assert.False(stats.Legacy);
        Assert.Equal(new long[] { 5, 7 }, stats.Parameters.Select(p => p.IntegerValue));
        Assert.Equal(new[] { 60, 243, 60, 243 }, d.Calls.Skip(6));
    }

    [Fact]
    public async Task JobStatsFallBackToJobInfo()
    {
        await using var d = new FakeDaemon();
        d.On(RemoteProcedure.DomainGetJobInfo, (_, w) => new DomainGetJobInfoRet(2, 1500, 0, 100, 40, 60, 0, 0, 0, 0, 0, 0).Encode(w));
        await using var conn = await Connection.OpenAsync(d.Uri);
        var stats = await conn.Wrap(TestDom).GetJobStatsAsync();
        Assert.True(stats.Legacy);
        Assert.Equal(DomainJobType.Unbounded, stats.Type);
        Assert.Equal(1500UL, stats.GetULong("time_elapsed"));
        Assert.Equal(60UL, stats.ToJobInfo().DataRemaining);
        Assert.Equal(new[] { 298, 163 }, d.Calls.Skip(6));
    }

    [Fact]
    public async Task JobStatsWithFlagsDoNotFallBack()
    {
        await using var d = new FakeDaemon();
        await using var conn = await Connection.OpenAsync(d.Uri);
        var e = await Assert.ThrowsAsync<LibvirtException>(() => conn.Wrap(TestDom).GetJobStatsAsync(DomainJobStatsFlags.Completed));
        Assert.Equal(ErrorCode.NoSupport, e.Code);
        Assert.Equal("unknown procedure: 298", e.Message);
    }

    [Fact]
    public async Task GetStateFallsBackToGetInfo()
    {
        await using var d = new FakeDaemon();
        d.On(RemoteProcedure.DomainGetInfo, (_, w) => new DomainGetInfoRet(3, 1024, 512, 1, 0).Encode(w));
        await using var conn = await Connection.OpenAsync(d.Uri);
        var (state, reason) = await conn.Wrap(TestDom).GetStateAsync();
        Assert.Equal(DomainState.Paused, state);
        Assert.Equal(-1, reason);
    }

    [Fact]
    public async Task StartRefreshesTheIdByUuid()
    {
        await using var d = new FakeDaemon();
        var inactive = TestDom with { Id = -1 };
        d.On(RemoteProcedure.DomainCreate, (_, _) => { })
         .On(RemoteProcedure.DomainLookupByUuid, (_, w) => (TestDom with { Id = 7 }).Encode(w));
        await using var conn = await Connection.OpenAsync(d.Uri);
        var dom = conn.Wrap(inactive);
        await dom.StartAsync();
        Assert.Equal(7, dom.Id);
        Assert.Equal(new[] { 9, 24 }, d.Calls.Skip(6));
    }

    [Fact]
    public async Task ReadOnlyConnectionRefusesMutatingCallsLocally()
    {
        await using var d = new FakeDaemon();
        await using var conn = await Connection.OpenAsync(d.Uri, readOnly: true);
        var dom = conn.Wrap(TestDom);
        var e = await Assert.ThrowsAsync<LibvirtException>(() => dom.DestroyAsync());
        Assert.Equal("operation forbidden: read only access prevents virDomainDestroy", e.Message);
        Assert.Equal(ErrorCode.OperationDenied, e.Code);
        Assert.Equal(ErrorDomain.Domain, e.Domain);
        e = await Assert.ThrowsAsync<LibvirtException>(() => dom.StartAsync());
        Assert.Equal("operation forbidden: read only access prevents virDomainCreate", e.Message);
        e = await Assert.ThrowsAsync<LibvirtException>(() => conn.DefineDomainXmlAsync("<domain/>"));
        Assert.Equal("operation forbidden: read only access prevents virDomainDefineXML", e.Message);
        e = await Assert.ThrowsAsync<LibvirtException>(() => dom.GetXmlDescAsync(DomainXmlFlags.Secure));
        Assert.Equal("operation forbidden: virDomainGetXMLDesc with secure flag", e.Message);
        e = await Assert.ThrowsAsync<LibvirtException>(() => conn.Wrap(new RemoteNonnullNetwork("default", Guid.NewGuid())).DestroyAsync());
        Assert.Equal("operation forbidden: read only access prevents virNetworkDestroy", e.Message);
        Assert.Equal(ErrorDomain.Network, e.Domain);
        e = await Assert.ThrowsAsync<LibvirtException>(() => conn.GetDomainCapabilitiesAsync(null, null, null, null));
        Assert.Equal("operation forbidden: read only access prevents virConnectGetDomainCapabilities", e.Message);
        // none of these reached the server; the open flags carried the read-only bit
        Assert.Equal(new[] { 66, 60, 1, 60, 60, 360 }, d.Calls);
    }

    [Fact]
    public async Task ReadOnlyConnectionStillQueries()
    {
        await using var d = new FakeDaemon();
        d.On(RemoteProcedure.DomainGetXmlDesc, (_, w) => w.WriteString("<domain/>"));
        await using var conn = await Connection.OpenAsync(d.Uri, readOnly: true);
        Assert.Equal("<domain/>", await conn.Wrap(TestDom).GetXmlDescAsync(DomainXmlFlags.Inactive));
    }

    [Fact]
    public async Task ServerErrorsKeepTheirCodeDomainAndMessage()
    {
        await using var d = new FakeDaemon();
        d.Fail(RemoteProcedure.DomainLookupByName,
            new LibvirtException(ErrorCode.NoDomain, ErrorDomain.Test, "Domain not found: no domain with matching name 'x'"));
        await using var conn = await Connection.OpenAsync(d.Uri);
        var e = await Assert.ThrowsAsync<LibvirtException>(() => conn.LookupDomainByNameAsync("x"));
        Assert.Equal(ErrorCode.NoDomain, e.Code);
        Assert.Equal(ErrorDomain.Test, e.Domain);
        Assert.Equal("Domain not found: no domain with matching name 'x'", e.Message);
    }

    [Fact]
    public async Task MigrationWithoutAnyProtocolIsUnsupportedAfterAskingBothSides()
    {
        await using var src = new FakeDaemon();
        await using var dst = new FakeDaemon();
        await using var a = await Connection.OpenAsync(src.Uri);
        await using var b = await Connection.OpenAsync(dst.Uri);
        var e = await Assert.ThrowsAsync<LibvirtException>(() => a.Wrap(TestDom).MigrateAsync(b, [], MigrateFlags.Live));
        Assert.Equal("this function is not supported by the connection driver: virDomainMigrate3", e.Message);
        Assert.Equal(4, src.Calls.Skip(6).Count(c => c == 60));
        Assert.Equal(4, dst.Calls.Skip(6).Count(c => c == 60));
    }

    [Fact]
    public async Task PeerToPeerMigrationNeedsTheFeature()
    {
        await using var d = new FakeDaemon();
        await using var conn = await Connection.OpenAsync(d.Uri);
        var e = await Assert.ThrowsAsync<LibvirtException>(() =>
            conn.Wrap(TestDom).MigrateToUriAsync("qemu+tcp://elsewhere/system", [], MigrateFlags.Live | MigrateFlags.PeerToPeer));
        Assert.Equal("argument unsupported: p2p migration is not supported by the source host", e.Message);
        Assert.Equal(ErrorCode.ArgumentUnsupported, e.Code);
    }

    [Fact]
    public async Task ManagedMigrationRunsTheVersion3ParamsProtocol()
    {
        await using var src = new FakeDaemon();
        await using var dst = new FakeDaemon();
        src.Features.Add(13);
        dst.Features.Add(13);
        src.On(RemoteProcedure.DomainMigrateBegin3Params, (_, w) => { w.WriteOpaque([1, 2]); w.WriteString("<domain/>"); })
           .On(RemoteProcedure.DomainGetState, (_, w) => new DomainGetStateRet(1, 1).Encode(w))
           .On(RemoteProcedure.DomainMigratePerform3Params, (_, w) => w.WriteOpaque([3]))
           .On(RemoteProcedure.DomainMigrateConfirm3Params, (_, _) => { });
        dst.On(RemoteProcedure.DomainMigratePrepare3Params, (_, w) => { w.WriteOpaque([4]); w.WriteOptionalString("tcp://dst:49152"); })
           .On(RemoteProcedure.DomainMigrateFinish3Params, (_, w) => { (TestDom with { Id = 9 }).Encode(w); w.WriteOpaque([]); });
        await using var a = await Connection.OpenAsync(src.Uri);
        await using var b = await Connection.OpenAsync(dst.Uri);
        var moved = await a.Wrap(TestDom).MigrateAsync(b, [], MigrateFlags.Live);
        Assert.Equal(9, moved.Id);
        Assert.Equal(new[] { 60, 60, 302, 212, 305, 307 }, src.Calls.Skip(6));
        Assert.Equal(new[] { 60, 303, 306 }, dst.Calls.Skip(6));
    }
}
