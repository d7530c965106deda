using Vireo.Model.Domain;
using Vireo.Model.Domain.Devices;
using Vireo.Model.Network;
using Vireo.Model.Storage;
using Vireo.Model.Xml;
using Vireo.Model.Defaults;

namespace Vireo.Model.Tests;

/// <summary>Bad input is refused with <see cref="XmlModelException"/>: libvirt's error code and a message naming the element.</summary>
public class ErrorTests
{
    private const string Os = "<os><type>hvm</type></os>";

    private static string Dom(string body, string head = "<name>x</name><memory>1024</memory>" + Os) =>
        $"<domain type='test'>{head}{body}</domain>";

    public static TheoryData<string, int, string> DomainCases => new()
    {
        { "<domain type='test'><name>x</name>", XmlModelException.XmlDetail, "XML error: (domain_definition):1:" },
        { "<network><name>x</name></network>", 27, "expecting root element of 'domain', not 'network'" },
        { Dom("<foo/>"), 67, "unsupported configuration: unknown element <foo> in <domain>" },
        { Dom("<devices><foo/></devices>"), 67, "unknown element <foo> in <devices>" },
        { Dom("<devices><disk type='file' device='disk'><target dev='vda'/><bogus/></disk></devices>"), 67, "unknown element <bogus> in <disk>" },
        { Dom("<features><warp/></features>"), 67, "unknown element <warp> in <features>" },
        { Dom("<os><type>hvm</type><bootz/></os>", "<name>x</name><memory>1024</memory>"), 67, "unknown element <bootz> in <os>" },
        { Dom("", "<memory>1024</memory>" + Os), 21, "<name>" },
        { Dom("", "<name>a/b</name><memory>1024</memory>" + Os), 27, "name a/b cannot contain '/'" },
        { Dom("<uuid>1234-zz</uuid>"), 1, "malformed uuid element" },
        { Dom("", "<name>x</name><memory>-5</memory>" + Os), 27, "Invalid value '-5' for element or attribute './memory[1]'" },
        { Dom("", "<name>x</name><memory unit='EiB'>99</memory>" + Os), 82, "value too large: 99EiB" },
        { Dom("", "<name>x</name><memory unit='zz'>5</memory>" + Os), 8, "unknown suffix 'zz'" },
        { Dom("", "<name>x</name><memory>0</memory>" + Os), 27, "Memory size must be specified via <memory>" },
        { Dom("", "<name>x</name>" + Os), 27, "Memory size must be specified via <memory>" },
        { Dom("", "<name>x</name><memory>1024</memory>"), 27, "an os <type> must be specified" },
        { Dom("", "<name>x</name><memory>1024</memory><os><type>foo</type></os>"), 67, "unknown OS type 'foo'" },
        { Dom("", "<name>x</name><memory>1024</memory><os><type arch='i386'>hvm</type></os>"), 67, "Unknown architecture i386" },
        { Dom("", "<name>x</name><memory>1024</memory><os><type>hvm</type><boot dev='usb'/></os>"), 27, "Invalid value for attribute 'dev' in element 'boot': 'usb'." },
        { Dom("<vcpu>abc</vcpu>"), 27, "maximum vcpus count must be an integer" },
        { Dom("<vcpu>0</vcpu>"), 27, "<vcpu>" },
        { Dom("<vcpu current='3'>2</vcpu>"), 27, "maxvcpus must not be less than current vcpus" },
        { Dom("<title>a\nb</title>"), 27, "Domain title can't contain newlines" },
        { Dom("<on_poweroff>explode</on_poweroff>"), 67, "unknown on_poweroff action: explode" },
        { Dom("<on_crash>explode</on_crash>"), 67, "unknown on_crash action: explode" },
        { Dom("<clock offset='mars'/>"), 27, "Invalid value for attribute 'offset' in element 'clock': 'mars'." },
        { Dom("<cpu mode='turbo'/>"), 27, "Invalid value for attribute 'mode' in element 'cpu': 'turbo'." },
        { "<domain type='foo'><name>x</name><memory>1024</memory>" + Os + "</domain>", 67, "invalid domain type foo" },
        { "<domain><name>x</name><memory>1024</memory>" + Os + "</domain>", 1, "missing domain type attribute" },
        { Dom("<devices><interface type='user'><mac address='zz:11'/></interface></devices>"), 27, "unable to parse mac address 'zz:11'" },
        { Dom("<devices><interface type='user'><mac address='01:00:00:00:00:01'/></interface></devices>"), 27, "expected unicast mac address, found multicast '01:00:00:00:00:01'" },
        { Dom("<devices><interface type='wormhole'/></devices>"), 27, "Invalid value for attribute 'type' in element 'interface': 'wormhole'." },
        { Dom("<devices><interface type='network'/></devices>"), 27, "interface type='network' requires a 'source' element" },
        { Dom("<devices><disk type='file' device='tape'><target dev='vda'/></disk></devices>"), 27, "Invalid value for attribute 'device' in element 'disk': 'tape'." },
        { Dom("<devices><disk type='file' device='disk'><target dev='vda' bus='foo'/></disk></devices>"), 27, "Invalid value for attribute 'bus' in element 'target': 'foo'." },
        { Dom("<devices><disk type='file' device='disk'><source file='/a'/></disk></devices>"), 20, "missing target information for device /a" },
        { Dom("<devices><disk type='file'><source file='/a'/><target dev='vda'/></disk><disk type='file'><source file='/b'/><target dev='vda'/></disk></devices>"), 27, "target 'vda' duplicated for disk sources '/a' and '/b'" },
        { Dom("<devices><disk type='file'><target dev='vda'/><boot order='0'/></disk></devices>"), 27, "incorrect boot order '0'" },
        { Dom("<devices><graphics type='x11'/></devices>"), 27, "Invalid value for attribute 'type' in element 'graphics': 'x11'." },
        { Dom("<devices><video><model type='hologram'/></video></devices>"), 27, "Invalid value for attribute 'type' in element 'model': 'hologram'." },
        { Dom("<devices><input type='joystick'/></devices>"), 27, "Invalid value for attribute 'type' in element 'input': 'joystick'." },
        { Dom("<devices><controller type='warp'/></devices>"), 27, "Invalid value for attribute 'type' in element 'controller': 'warp'." },
        { Dom("<devices><memballoon model='virtio'/><memballoon model='virtio'/></devices>"), 27, "only a single memballoon device" },
        { Dom("<devices><channel type='pty'/></devices>"), 27, "target type must be specified for channel device" },
        { Dom("<devices><disk type='file'><target dev='vda'/><address type='pci' slot='zz'/></disk></devices>"), 27, "Invalid value for attribute 'slot' in element 'address': 'zz'." },
    };

    [Theory]
    [MemberData(nameof(DomainCases))]
    public void BadDomainXmlIsRefused(string xml, int code, string message)
    {
        var ex = Assert.Throws<XmlModelException>(() => DomainDefinition.Parse(xml));
        Assert.Equal(code, ex.Code);
        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DeviceBootOrderWithOsBootIsRefusedOnDefine()
    {
        var def = DomainDefinition.Parse(Dom("<devices><disk type='file'><target dev='vda'/><boot order='1'/></disk></devices>",
            "<name>x</name><memory>1024</memory><os><type>hvm</type><boot dev='hd'/></os>"));
        var ex = Assert.Throws<XmlModelException>(() => DomainDefaults.ApplyForTestDriver(def));
        Assert.Equal(67, ex.Code);
        Assert.Contains("per-device boot elements cannot be used together with os/boot elements", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownDeviceFragmentIsRefused()
    {
        var ex = Assert.Throws<XmlModelException>(() => DomainDevice.Parse("<gizmo/>"));
        Assert.Equal(67, ex.Code);
        Assert.Contains("unknown element <gizmo> in <devices>", ex.Message, StringComparison.Ordinal);
    }

    public static TheoryData<string, int, string> NetworkCases => new()
    {
        { "<network><uuid>98361b46-1581-acb7-1643-85a412626e74</uuid></network>", 21, "<name>" },
        { "<network><name>n</name><uuid>zz</uuid></network>", 1, "malformed uuid element" },
        { "<network><name>n</name><forward mode='teleport'/></network>", 67, "unknown forwarding type 'teleport'" },
        { "<network><name>n</name><ip address='300.1.1.1' netmask='255.255.255.0'/></network>", 27, "Invalid address '300.1.1.1' in network 'n'" },
        { "<network><name>n</name><ip address='10.0.0.1' prefix='24'><dhcp><range start='10.0.1.2' end='10.0.1.9'/></dhcp></ip></network>", 1, "range 10.0.1.2 - 10.0.1.9 is not entirely within network 10.0.0.1/24" },
        { "<network><name>n</name><mac address='01:00:00:00:00:01'/></network>", 27, "Invalid multicast bridge mac address '01:00:00:00:00:01' in network 'n'" },
        { "<network><name>n</name><ip address='10.0.0.1' prefix='24'><dhcp><host mac='zz' ip='10.0.0.5'/></dhcp></ip></network>", 27, "Cannot parse MAC address 'zz' in network 'n'" },
        { "<network><name>n</name><wormhole/></network>", 67, "unknown element <wormhole> in <network>" },
        { "<network><name>n</name><ip address='10.0.0.1' prefix='24'><dhcp><lease/></dhcp></ip></network>", 67, "unknown element <lease> in <dhcp>" },
    };

    [Theory]
    [MemberData(nameof(NetworkCases))]
    public void BadNetworkXmlIsRefused(string xml, int code, string message)
    {
        var ex = Assert.Throws<XmlModelException>(() => NetworkDefinition.Parse(xml));
        Assert.Equal(code, ex.Code);
        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
    }

    public static TheoryData<string, int, string> StorageCases => new()
    {
        { "<pool type='weird'><name>p</name><target><path>/x</path></target></pool>", 27, "Invalid value for attribute 'type' in element 'pool': 'weird'." },
        { "<pool><name>p</name><target><path>/x</path></target></pool>", 27, "Missing required attribute 'type' in element 'pool'" },
        { "<pool type='dir'><name>p</name></pool>", 27, "missing storage pool target path" },
        { "<pool type='dir'><target><path>/x</path></target></pool>", 27, "<name>" },
        { "<pool type='dir'><name>p</name><target><path>/x</path></target><spare/></pool>", 67, "unknown element <spare> in <pool>" },
        { "<pool type='dir'><name>p</name><capacity>-1</capacity><target><path>/x</path></target></pool>", 27, "malformed capacity element" },
        { "<volume><capacity>1</capacity></volume>", 27, "missing volume name element" },
        { "<volume><name>v</name></volume>", 27, "missing capacity element" },
        { "<volume><name>v</name><capacity>-1</capacity></volume>", 27, "malformed capacity element" },
        { "<volume><name>v</name><capacity>1</capacity><target><format type='raw'/><mode>0644</mode></target></volume>", 67, "unknown element <mode> in <target>" },
        { "<volume><name>v</name><capacity>1</capacity><target><permissions><mode>999</mode></permissions></target></volume>", 27, "malformed octal mode" },
    };

    [Theory]
    [MemberData(nameof(StorageCases))]
    public void BadStorageXmlIsRefused(string xml, int code, string message)
    {
        var ex = Assert.Throws<XmlModelException>(() =>
        {
            if (xml.StartsWith("<pool", StringComparison.Ordinal))
                StoragePoolDefinition.Parse(xml);
            else
                StorageVolumeDefinition.Parse(xml);
        });
        Assert.Equal(code, ex.Code);
        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
    }
}
