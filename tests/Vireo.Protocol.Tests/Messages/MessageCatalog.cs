using Vireo.Protocol.Remote;
using Vireo.Protocol.Remote.Messages;
using static Vireo.Protocol.Tests.Messages.Kit;

namespace Vireo.Protocol.Tests.Messages;

/// <summary>A non-trivial sample value of every message record (optional fields both present and absent somewhere).</summary>
internal static class MessageCatalog
{
    private static readonly RemoteNonnullDomainSnapshot Snap = new("snap1", TestDom);
    private static readonly RemoteNonnullNodeDevice Dev = new("pci_0000_00_02_0");
    private static readonly RemoteNonnullSecret Secret = new(Guid.Parse("0a81f5b2-8403-7b23-c8d6-21ccc2f80d6f"), 1, "/var/lib/libvirt/images/x.img");

    public static readonly IReadOnlyDictionary<string, MessageCase> Cases = Build();

    private static Dictionary<string, MessageCase> Build()
    {
        var list = new List<MessageCase>
        {
            // existing connect records
            MessageCase.Of(new ConnectOpenArgs("test:///default", 2)),
            MessageCase.Of(new ConnectSupportsFeatureArgs(14)),
            MessageCase.Of(new ConnectSupportsFeatureRet(1)),
            MessageCase.Of(new AuthListRet([0, 1])),
            MessageCase.Of(new AuthSaslInitRet("SCRAM-SHA-256")),
            MessageCase.Of(new AuthSaslStartArgs("SCRAM-SHA-256", false, "n,,n=fred,r=abc"u8.ToArray())),
            MessageCase.Of(new AuthSaslStepArgs(false, [1, 2, 3])),
            MessageCase.Of(new AuthSaslStepRet(true, true, [])),
            MessageCase.Of(new DomainSetMemoryStatsPeriodArgs(TestDom, 5, 1)),
            MessageCase.Of(new DomainSetMetadataArgs(TestDom, 2, "<tags/>", "vireo", "https://vireo.dev/xmlns/web/1.0", 1)),
            MessageCase.Of(new DomainGetMetadataArgs(TestDom, 2, "https://vireo.dev/xmlns/web/1.0", 0)),
            MessageCase.Of(new ConnectGetTypeRet("Test")),
            MessageCase.Of(new ConnectGetVersionRet(9000000)),
            MessageCase.Of(new NodeGetInfoRet("i686", 3145728, 16, 1400, 2, 2, 2, 2)),
            MessageCase.Of(new DomainLookupByNameArgs("test")),
            MessageCase.Of(new DomainRet(TestDom)),
            MessageCase.Of(new DomainArgs(TestDomInactive)),
            MessageCase.Of(new DomainFlagsArgs(TestDom, 4)),

            // shared
            MessageCase.Of(new IntArgs(-1)),
            MessageCase.Of(new IntRet(42)),
            MessageCase.Of(new UHyperRet(ulong.MaxValue)),
            MessageCase.Of(new FlagsArgs(0x80000000)),
            MessageCase.Of(new StringArgs("<domain type='test'/>")),
            MessageCase.Of(new StringRet("<capabilities/>")),
            MessageCase.Of(new XmlFlagsArgs("<network/>", 1)),
            MessageCase.Of(new UuidArgs(TestUuid)),
            MessageCase.Of(new MaxNamesArgs(16384)),
            MessageCase.Of(new NameListRet(["a", "bb", "ccc", "dddd", ""])),
            MessageCase.Of(new ConnectListAllArgs(1, 3)),

            // handles
            MessageCase.Of(Dev),
            MessageCase.Of(Secret),

            // connect / node
            MessageCase.Of(new ConnectGetMaxVcpusArgs(null)),
            MessageCase.Of(new ConnectListDomainsRet([1, 2, 7])),
            MessageCase.Of(new NodeGetSecurityModelRet("selinux", "0")),
            MessageCase.Of(new ConnectListAllDomainsRet([TestDom, new RemoteNonnullDomain("vm2", Guid.NewGuid(), -1)], 2)),
            MessageCase.Of(new ConnectListAllNodeDevicesRet([Dev, new RemoteNonnullNodeDevice("computer")], 2)),
            MessageCase.Of(new NodeGetCpuMapArgs(1, 1, 0)),
            MessageCase.Of(new NodeGetCpuMapRet([0xff, 0x0f, 0x01], 13, 20)),
            MessageCase.Of(new ConnectGetDomainCapabilitiesArgs("/usr/bin/qemu-system-x86_64", "x86_64", null, "kvm", 0)),
            MessageCase.Of(new NodeGetCellsFreeMemoryArgs(0, 8)),
            MessageCase.Of(new NodeGetCellsFreeMemoryRet([1, 2, ulong.MaxValue])),

            // domain
            MessageCase.Of(new DomainXmlArgs(TestDom, "<disk/>")),
            MessageCase.Of(new DomainXmlFlagsArgs(TestDom, "<disk/>", 3)),
            MessageCase.Of(new DomainStringArgs(TestDom, "vda")),
            MessageCase.Of(new DomainSetAutostartArgs(TestDom, 1)),
            MessageCase.Of(new DomainSetMemoryArgs(TestDom, 524288)),
            MessageCase.Of(new DomainSetMemoryFlagsArgs(TestDom, 524288, 2)),
            MessageCase.Of(new DomainSetVcpusArgs(TestDom, 2)),
            MessageCase.Of(new DomainSetVcpusFlagsArgs(TestDom, 2, 6)),
            MessageCase.Of(new DomainPinVcpuArgs(TestDom, 1, [0x05])),
            MessageCase.Of(new DomainPinVcpuFlagsArgs(TestDom, 1, [0x05, 0x00], 1)),
            MessageCase.Of(new DomainSaveFlagsArgs(TestDom, "/tmp/test.save", "<domain/>", 2)),
            MessageCase.Of(new DomainRestoreFlagsArgs("/tmp/test.save", null, 4)),
            MessageCase.Of(new DomainOpenConsoleArgs(TestDom, null, 2)),
            MessageCase.Of(new DomainOpenChannelArgs(TestDom, "org.qemu.guest_agent.0", 1)),
            MessageCase.Of(new DomainScreenshotArgs(TestDom, 0, 0)),
            MessageCase.Of(new DomainScreenshotRet("image/png")),
            MessageCase.Of(new DomainGetInfoRet(1, 1048576, 524288, 2, 1795630624200000000)),
            MessageCase.Of(new DomainGetStateRet(1, 1)),
            MessageCase.Of(new VcpuInfo(0, 1, 210000000, 3)),
            MessageCase.Of(new DomainGetVcpusArgs(TestDom, 2, 1)),
            MessageCase.Of(new DomainGetVcpusRet([new VcpuInfo(0, 1, 10, 0), new VcpuInfo(1, 1, 20, 1)], [0x01, 0x02])),
            MessageCase.Of(new DomainGetVcpuPinInfoArgs(TestDom, 2, 1, 0)),
            MessageCase.Of(new DomainGetVcpuPinInfoRet([0x0f, 0x0f], 2)),
            MessageCase.Of(new DomainGetSecurityLabelRet("system_u:system_r:svirt_t:s0:c1,c2", 1)),
            MessageCase.Of(new DomainGetJobInfoRet(2, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11)),
            MessageCase.Of(new DomainBlockStatsRet(1, 2, 3, 4, -1)),
            MessageCase.Of(new DomainInterfaceStatsRet(1, 2, 3, 4, 5, 6, 7, -1)),
            MessageCase.Of(new DomainGetMessagesRet(["tainted: custom-argv", "deprecated: x"])),
            MessageCase.Of(new DomainInterfaceAddressesArgs(TestDom, 0, 0)),
            MessageCase.Of(new DomainIpAddr(1, "fe80::1", 64)),
            MessageCase.Of(new DomainInterface("lo", null, [])),
            MessageCase.Of(new DomainInterfaceAddressesRet(
            [
                new DomainInterface("testnet0", "52:54:00:11:22:33", [new DomainIpAddr(0, "192.168.122.3", 24), new DomainIpAddr(1, "fe80::1", 64)]),
                new DomainInterface("lo", null, []),
            ])),

            // typed parameters
            MessageCase.Of(new DomainGetSchedulerTypeRet("fair", 1)),
            MessageCase.Of(new DomainGetSchedulerParametersArgs(TestDom, 1)),
            MessageCase.Of(new DomainGetSchedulerParametersRet([TypedParameter.UInt("weight", 50)])),
            MessageCase.Of(new DomainSetSchedulerParametersArgs(TestDom, [TypedParameter.UInt("weight", 100)])),
            MessageCase.Of(new DomainGetParametersArgs(TestDom, 3, 4)),
            MessageCase.Of(new DomainGetParametersRet(SampleParams(), 0)),
            MessageCase.Of(new DomainSetParametersArgs(TestDom, SampleParams(), 1)),
            MessageCase.Of(new DomainBlockStatsFlagsArgs(TestDom, "vda", 0, 4)),
            MessageCase.Of(new DomainGetBlockInfoArgs(TestDom, "vda", 0)),
            MessageCase.Of(new DomainGetBlockInfoRet(1, 2, 3)),
            MessageCase.Of(new DomainGetJobStatsRet(3, SampleParams())),
            MessageCase.Of(new ConnectGetAllDomainStatsArgs([TestDom], 1, 0)),
            MessageCase.Of(new DomainStatsRecord(TestDom, [TypedParameter.Int("state.state", 1)])),
            MessageCase.Of(new ConnectGetAllDomainStatsRet(
            [
                new DomainStatsRecord(TestDom, SampleParams()),
                new DomainStatsRecord(TestDomInactive, []),
            ])),
            MessageCase.Of(new DomainMemoryStatsArgs(TestDom, 13, 0)),
            MessageCase.Of(new DomainMemoryStat(6, 196608)),
            MessageCase.Of(new DomainMemoryStatsRet([new DomainMemoryStat(6, 196608), new DomainMemoryStat(7, 81234)])),
            MessageCase.Of(new DomainPinEmulatorArgs(TestDom, [0x01], 2)),
            MessageCase.Of(new DomainGetEmulatorPinInfoArgs(TestDom, 1, 1)),
            MessageCase.Of(new DomainGetEmulatorPinInfoRet([0x03], 1)),

            // snapshots
            MessageCase.Of(new DomainSnapshotRet(Snap)),
            MessageCase.Of(new DomainSnapshotFlagsArgs(Snap, 1)),
            MessageCase.Of(new DomainSnapshotListNamesArgs(TestDom, 10, 0)),
            MessageCase.Of(new DomainSnapshotLookupByNameArgs(TestDom, "snap1", 0)),
            MessageCase.Of(new DomainListAllSnapshotsArgs(TestDom, 1, 0)),
            MessageCase.Of(new DomainListAllSnapshotsRet([Snap, new RemoteNonnullDomainSnapshot("s2", TestDom)], 2)),

            // network
            MessageCase.Of(new NetworkArgs(DefaultNet)),
            MessageCase.Of(new NetworkFlagsArgs(DefaultNet, 1)),
            MessageCase.Of(new NetworkRet(DefaultNet)),
            MessageCase.Of(new NetworkSetAutostartArgs(DefaultNet, 1)),
            MessageCase.Of(new NetworkUpdateArgs(DefaultNet, 3, 4, -1, "<host mac='52:54:00:00:00:01' ip='192.168.122.45'/>", 3)),
            MessageCase.Of(new ConnectListAllNetworksRet([DefaultNet], 1)),
            MessageCase.Of(new NetworkGetDhcpLeasesArgs(DefaultNet, "52:54:00:11:22:33", 1, 0)),
            MessageCase.Of(new NetworkDhcpLease("virbr0", 1700000000, 0, "52:54:00:11:22:33", null, "192.168.122.3", 24, "guest", null)),
            MessageCase.Of(new NetworkGetDhcpLeasesRet(
            [
                new NetworkDhcpLease("virbr0", 1700000000, 0, "52:54:00:11:22:33", null, "192.168.122.3", 24, "guest", "01:52:54:00:11:22:33"),
                new NetworkDhcpLease("virbr0", -1, 1, null, "12345", "fd00::3", 64, null, "00:04:ab"),
            ], 2)),

            // storage
            MessageCase.Of(new StoragePoolArgs(Pool)),
            MessageCase.Of(new StoragePoolFlagsArgs(Pool, 1)),
            MessageCase.Of(new StoragePoolRet(Pool)),
            MessageCase.Of(new StoragePoolSetAutostartArgs(Pool, 0)),
            MessageCase.Of(new StoragePoolGetInfoRet(2, 1 << 30, 1 << 20, 1 << 29)),
            MessageCase.Of(new StoragePoolListVolumesArgs(Pool, 100)),
            MessageCase.Of(new ConnectListAllStoragePoolsRet([Pool], 1)),
            MessageCase.Of(new StoragePoolListAllVolumesArgs(Pool, 1, 0)),
            MessageCase.Of(new StoragePoolListAllVolumesRet([Vol, new RemoteNonnullStorageVol("p1", "v2.qcow2", "/tmp/lvd/pool/v2.qcow2")], 2)),
            MessageCase.Of(new StorageVolArgs(Vol)),
            MessageCase.Of(new StorageVolFlagsArgs(Vol, 1)),
            MessageCase.Of(new StorageVolRet(Vol)),
            MessageCase.Of(new StorageVolCreateXmlArgs(Pool, "<volume/>", 1)),
            MessageCase.Of(new StorageVolCreateXmlFromArgs(Pool, "<volume/>", Vol, 0)),
            MessageCase.Of(new StorageVolLookupByNameArgs(Pool, "v1.raw")),
            MessageCase.Of(new StorageVolGetInfoRet(-1, 3145728, 12288)),
            MessageCase.Of(new StorageVolTransferArgs(Vol, 0, 0, 1)),

            // event registration and non-domain events
            MessageCase.Of(new ConnectDomainEventCallbackRegisterAnyArgs(0, null)),
            MessageCase.Of(new ConnectNetworkEventRegisterAnyArgs(0, DefaultNet)),
            MessageCase.Of(new ConnectStoragePoolEventRegisterAnyArgs(1, null)),
            MessageCase.Of(new ConnectNodeDeviceEventRegisterAnyArgs(1, Dev)),
            MessageCase.Of(new ConnectSecretEventRegisterAnyArgs(0, Secret)),
            MessageCase.Of(new NetworkEventLifecycleMsg(7, DefaultNet, 3, 0)),
            MessageCase.Of(new StoragePoolEventLifecycleMsg(8, Pool, 2, 0)),
            MessageCase.Of(new StoragePoolEventRefreshMsg(9, Pool)),
            MessageCase.Of(new NodeDeviceEventLifecycleMsg(10, Dev, 0, 0)),
            MessageCase.Of(new NodeDeviceEventUpdateMsg(11, Dev)),
            MessageCase.Of(new SecretEventLifecycleMsg(12, Secret, 1, 0)),
            MessageCase.Of(new SecretEventValueChangedMsg(13, Secret)),
            MessageCase.Of(new ConnectEventConnectionClosedMsg(1)),

            // domain events
            MessageCase.Of(new DomainEventLifecycleMsg(TestDom, 2, 0)),
            MessageCase.Of(new DomainEventCallbackLifecycleMsg(0, new DomainEventLifecycleMsg(TestDomInactive, 5, 1))),
            MessageCase.Of(new DomainEventMsg(TestDom)),
            MessageCase.Of(new DomainEventCallbackMsg(1, new DomainEventMsg(TestDom))),
            MessageCase.Of(new DomainEventCallbackPmMsg(11, 0, new DomainEventMsg(TestDom))),
            MessageCase.Of(new DomainEventRtcChangeMsg(TestDom, -3600)),
            MessageCase.Of(new DomainEventCallbackRtcChangeMsg(2, new DomainEventRtcChangeMsg(TestDom, 3600))),
            MessageCase.Of(new DomainEventWatchdogMsg(TestDom, 1)),
            MessageCase.Of(new DomainEventCallbackWatchdogMsg(3, new DomainEventWatchdogMsg(TestDom, 2))),
            MessageCase.Of(new DomainEventIoErrorMsg(TestDom, "/var/lib/x.img", "virtio-disk0", 1)),
            MessageCase.Of(new DomainEventCallbackIoErrorMsg(4, new DomainEventIoErrorMsg(TestDom, "/var/lib/x.img", "virtio-disk0", 1))),
            MessageCase.Of(new DomainEventIoErrorReasonMsg(TestDom, "/x", "ide0-0-0", 2, "enospc")),
            MessageCase.Of(new DomainEventCallbackIoErrorReasonMsg(6, new DomainEventIoErrorReasonMsg(TestDom, "/x", "ide0-0-0", 2, "enospc"))),
            MessageCase.Of(new DomainEventGraphicsAddress(0, "127.0.0.1", "5900")),
            MessageCase.Of(new DomainEventGraphicsIdentity("x509dname", "CN=client")),
            MessageCase.Of(new DomainEventGraphicsMsg(TestDom, 1, new DomainEventGraphicsAddress(0, "127.0.0.1", "5900"),
                new DomainEventGraphicsAddress(0, "127.0.0.1", "40000"), "vnc", [new DomainEventGraphicsIdentity("saslUsername", "fred")])),
            MessageCase.Of(new DomainEventCallbackGraphicsMsg(5, new DomainEventGraphicsMsg(TestDom, 0, new DomainEventGraphicsAddress(1, "::1", "5901"),
                new DomainEventGraphicsAddress(1, "::1", "4321"), "none", []))),
            MessageCase.Of(new DomainEventBlockJobMsg(TestDom, "/x.img", 1, 0)),
            MessageCase.Of(new DomainEventCallbackBlockJobMsg(8, new DomainEventBlockJobMsg(TestDom, "/x.img", 1, 0))),
            MessageCase.Of(new DomainEventBlockJob2Msg(16, TestDom, "vda", 2, 3)),
            MessageCase.Of(new DomainEventDiskChangeMsg(TestDom, "/old.iso", null, "ide0-1-0", 0)),
            MessageCase.Of(new DomainEventCallbackDiskChangeMsg(9, new DomainEventDiskChangeMsg(TestDom, null, "/new.iso", "ide0-1-0", 1))),
            MessageCase.Of(new DomainEventTrayChangeMsg(TestDom, "ide0-1-0", 0)),
            MessageCase.Of(new DomainEventCallbackTrayChangeMsg(10, new DomainEventTrayChangeMsg(TestDom, "ide0-1-0", 1))),
            MessageCase.Of(new DomainEventBalloonChangeMsg(TestDom, 524288)),
            MessageCase.Of(new DomainEventCallbackBalloonChangeMsg(13, new DomainEventBalloonChangeMsg(TestDom, 524288))),
            MessageCase.Of(new DomainEventDeviceRemovedMsg(TestDom, "virtio-disk1")),
            MessageCase.Of(new DomainEventCallbackDeviceRemovedMsg(15, new DomainEventDeviceRemovedMsg(TestDom, "virtio-disk1"))),
            MessageCase.Of(new DomainEventCallbackDeviceAddedMsg(19, TestDom, "net1")),
            MessageCase.Of(new DomainEventCallbackTunableMsg(17, TestDom, [TypedParameter.ULLong("cputune.vcpu_period", 100000), TypedParameter.Str("cputune.vcpupin0", "0-1")])),
            MessageCase.Of(new DomainEventCallbackAgentLifecycleMsg(18, TestDom, 1, 2)),
            MessageCase.Of(new DomainEventCallbackMigrationIterationMsg(20, TestDom, 3)),
            MessageCase.Of(new DomainEventCallbackJobCompletedMsg(21, TestDom, SampleParams())),
            MessageCase.Of(new DomainEventCallbackMetadataChangeMsg(23, TestDom, 2, "http://example.org/ns")),
            MessageCase.Of(new DomainEventBlockThresholdMsg(24, TestDom, "vda", null, 1 << 30, 4096)),
            MessageCase.Of(new DomainEventMemoryFailureMsg(25, TestDom, 0, 1, 3)),
            MessageCase.Of(new DomainEventMemoryDeviceSizeChangeMsg(26, TestDom, "virtiomem0", 1048576)),

            // session 3: snapshots' children, node stats, QEMU program, volume resize/wipe
            MessageCase.Of(new DomainSnapshotListChildrenNamesArgs(Snap, 16, 1)),
            MessageCase.Of(new DomainSnapshotListAllChildrenArgs(Snap, 1, 0)),
            MessageCase.Of(new NodeGetCpuStatsArgs(-1, 4, 0)),
            MessageCase.Of(new NodeGetMemoryStatsArgs(4, -1, 0)),
            MessageCase.Of(new NodeStatsRet([("user", 1234567UL), ("kernel", 890UL)], 2)),
            MessageCase.Of(new QemuDomainMonitorCommandArgs(TestDom, "{\"execute\":\"query-status\"}", 0)),
            MessageCase.Of(new StorageVolResizeArgs(Vol, 1UL << 30, 4)),
            MessageCase.Of(new StorageVolWipePatternArgs(Vol, 1, 0)),

            // Vireo's extension program: net-doctor
            MessageCase.Of(new VireoNetworkDiagnoseArgs(new RemoteNonnullNetwork("default", Guid.Parse("c7a1f2e0-1b2c-4d5e-8f90-a1b2c3d4e5f6")), 0)),
            MessageCase.Of(new VireoFirewallFinding("ip", "filter", "FORWARD", "hook forward with policy drop", "accept it")),
            MessageCase.Of(new VireoNetworkDiagnoseRet([new VireoFirewallFinding("inet", "fw", "input", "rule handle 4 drops", "delete it")])),

            // migration (issue 8)
            MessageCase.Of(new MigrateBegin3ParamsArgs(TestDom, [TypedParameter.Str("migrate_uri", "tcp://10.0.0.2"), TypedParameter.ULLong("bandwidth", 64)], 1)),
            MessageCase.Of(new MigrateBegin3ParamsRet([1, 2, 3], "<domain type='qemu'/>")),
            MessageCase.Of(new MigratePrepare3ParamsArgs([TypedParameter.Str("destination_xml", "<domain/>")], [9], 0x2001)),
            MessageCase.Of(new MigratePrepare3ParamsRet([], "tcp:10.0.0.2:49152")),
            MessageCase.Of(new MigratePrepareTunnel3ParamsArgs([TypedParameter.Str("destination_name", "d")], [], 4)),
            MessageCase.Of(new MigratePrepareTunnel3ParamsRet([7, 7])),
            MessageCase.Of(new MigratePerform3ParamsArgs(TestDom, null, [TypedParameter.Str("migrate_uri", "tcp:h:1")], [1], 1)),
            MessageCase.Of(new MigrateCookieRet([5])),
            MessageCase.Of(new MigrateFinish3ParamsArgs([TypedParameter.Str("destination_name", "d")], [], 1, 1)),
            MessageCase.Of(new MigrateFinish3ParamsRet(TestDom, [2])),
            MessageCase.Of(new MigrateConfirm3ParamsArgs(TestDom, [], [3], 1, 0)),
            MessageCase.Of(new DomainMigrateSetValueArgs(TestDom, 500, 0)),

            // streams
            MessageCase.Of(new StreamHole(1044480, 0)),
        };
        return list.ToDictionary(c => c.Value.GetType().Name);
    }

    public static TheoryData<string> Names()
    {
        var d = new TheoryData<string>();
        foreach (var n in Cases.Keys.Order(StringComparer.Ordinal)) d.Add(n);
        return d;
    }
}
