using Vireo.Drivers.Domains;
using Vireo.Drivers.Events;
using Vireo.Drivers.Host;
using Vireo.Drivers.Networks;
using Vireo.Drivers.Storage;
using Vireo.Drivers.Test.Domains;
using Vireo.Drivers.Test.Networks;
using Vireo.Drivers.Test.Storage;
using System.Xml.Linq;
using Vireo.Model.Network;
using Vireo.Model.Storage;

namespace Vireo.Drivers.Test;

/// <summary>
/// One test-driver instance: host facts, domains, networks and storage sharing one event bus. test:///default
/// starts from libvirt's built-in node (running domain "test", network "default", pool "default-pool");
/// test:///PATH starts from that node file.
/// </summary>
public sealed class TestConnection : IConnectionDriver
{
    private readonly TestHost _host;
    private readonly TestDomainDriver _domains;
    private readonly TestNetworkDriver _networks;
    private readonly TestStorageDriver _storage;

    private TestConnection(string uri, NodeInfo nodeInfo, int numaCells)
    {
        Events = new EventBus();
        _host = new TestHost(uri, nodeInfo, numaCells);
        _networks = new TestNetworkDriver(Events);
        _storage = new TestStorageDriver(Events);
        _domains = new TestDomainDriver(Events, _host, _networks);
    }

    public IHostDriver Host => _host;
    public IDomainDriver Domains => _domains;
    public INetworkDriver Networks => _networks;
    public IStorageDriver Storage => _storage;
    public EventBus Events { get; }

    /// <summary>A fresh copy of libvirt's test:///default state.</summary>
    public static TestConnection CreateDefault()
    {
        var node = TestNodeFile.Parse(XElement.Parse(TestDefaultNode.Xml), "/default");
        var conn = new TestConnection("test:///default", TestHost.DefaultNodeInfo, numaCells: 2);
        conn.Load(node);
        return conn;
    }

    /// <summary>A connection whose initial state comes from a node file (test:///ABSOLUTE/PATH.xml).</summary>
    public static TestConnection CreateFromFile(string path)
    {
        var node = TestNodeFile.Load(path);
        var conn = new TestConnection("test://" + path, node.NodeInfo, numaCells: 0);
        conn.Load(node);
        return conn;
    }

    // testOpenParse order: domains, networks, (interfaces), pools with their volumes.
    private void Load(TestNodeFile node)
    {
        foreach (var e in node.Domains)
        {
            var def = TestDomainXml.Parse(e, out var ns);
            _domains.LoadFromNodeFile(def, ns);
        }
        foreach (var e in node.Networks)
            _networks.LoadFromNodeFile(TestErrors.Model(() => NetworkDefinition.Parse(e.ToString())));
        foreach (var (pool, volumes) in node.Pools)
        {
            var poolXml = new XElement(pool);
            poolXml.Elements("volume").Remove();
            var def = TestStorageDriver.ParsePool(poolXml.ToString());
            _storage.LoadFromNodeFile(def, volumes.Select(v => TestErrors.Model(() => StorageVolumeDefinition.Parse(v.ToString()))).ToList());
        }
    }
}
