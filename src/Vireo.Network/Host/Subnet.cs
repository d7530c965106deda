using System.Globalization;
using System.Net;

namespace Vireo.Network.Host;

/// <summary>An IP subnet (address masked to its prefix), for overlap checks and firewall rules.</summary>
public sealed record Subnet(IPAddress Network, int Prefix)
{
    /// <summary>The subnet an address with that prefix lies in.</summary>
    public static Subnet Of(IPAddress address, int prefix) => new(Mask(address, prefix), prefix);

    /// <summary>"a.b.c.d/p" or a bare address (a host route); null when unparsable.</summary>
    public static Subnet? TryParse(string text)
    {
        var slash = text.IndexOf('/');
        var addr = slash < 0 ? text : text[..slash];
        if (!IPAddress.TryParse(addr, out var a))
            return null;
        int max = a.GetAddressBytes().Length * 8;
        int prefix = max;
        if (slash >= 0 && !int.TryParse(text[(slash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out prefix))
            return null;
        return prefix > max ? null : Of(a, prefix);
    }

    public bool Contains(IPAddress a) => a.AddressFamily == Network.AddressFamily && Mask(a, Prefix).Equals(Network);

    /// <summary>True when the two share any address (one contains the other).</summary>
    public bool Overlaps(Subnet other) =>
        other.Network.AddressFamily == Network.AddressFamily &&
        (Prefix <= other.Prefix ? Contains(other.Network) : other.Contains(Network));

    public override string ToString() => $"{Network}/{Prefix.ToString(CultureInfo.InvariantCulture)}";

    private static IPAddress Mask(IPAddress a, int prefix)
    {
        var b = a.GetAddressBytes();
        for (int i = 0; i < b.Length; i++)
        {
            int bits = Math.Clamp(prefix - i * 8, 0, 8);
            b[i] &= (byte)(bits == 0 ? 0 : 0xFF << (8 - bits));
        }
        return new IPAddress(b);
    }
}
