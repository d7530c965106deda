namespace Vireo.Network.Driver;

/// <summary>libvirt's default.xml: the NAT network on virbr0 it defines (and autostarts) on the driver's first start.</summary>
public static class DefaultNetwork
{
    public const string Xml = """
        <network>
          <name>default</name>
          <bridge name='virbr0'/>
          <forward/>
          <ip address='192.168.122.1' netmask='255.255.255.0'>
            <dhcp>
              <range start='192.168.122.2' end='192.168.122.254'/>
            </dhcp>
          </ip>
        </network>
        """;
}
