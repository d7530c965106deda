using System.Globalization;
using System.Security.Cryptography;

namespace Vireo.Model.Identity;

/// <summary>An Ethernet MAC address; parses like libvirt (1-2 hex digits per byte, ':' separated) and formats lowercase.</summary>
public readonly record struct MacAddress
{
    private readonly ulong _value;

    private MacAddress(ulong value) => _value = value;

    /// <summary>Builds an address from six bytes.</summary>
    public MacAddress(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != 6)
            throw new ArgumentException("a MAC address has 6 bytes", nameof(bytes));
        ulong v = 0;
        foreach (var b in bytes)
            v = (v << 8) | b;
        _value = v;
    }

    /// <summary>The six bytes, most significant first.</summary>
    public byte[] GetBytes()
    {
        var b = new byte[6];
        for (int i = 0; i < 6; i++)
            b[i] = (byte)(_value >> (8 * (5 - i)));
        return b;
    }

    /// <summary>True for group (multicast) addresses: the low bit of the first byte is set.</summary>
    public bool IsMulticast => ((_value >> 40) & 1) == 1;

    /// <summary>Parses like virMacAddrParse; returns false on malformed input.</summary>
    public static bool TryParse(string? text, out MacAddress mac)
    {
        mac = default;
        if (text is null)
            return false;
        ulong v = 0;
        int pos = 0;
        for (int i = 0; i < 6; i++)
        {
            int start = pos;
            while (pos < text.Length && Uri.IsHexDigit(text[pos]))
                pos++;
            int len = pos - start;
            if (len < 1 || len > 2)
                return false;
            v = (v << 8) | byte.Parse(text.AsSpan(start, len), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
            if (i == 5)
            {
                if (pos != text.Length)
                    return false;
            }
            else
            {
                if (pos >= text.Length || text[pos] != ':')
                    return false;
                pos++;
            }
        }
        mac = new MacAddress(v);
        return true;
    }

    /// <summary>Parses or throws <see cref="FormatException"/>.</summary>
    public static MacAddress Parse(string text) =>
        TryParse(text, out var m) ? m : throw new FormatException($"unable to parse mac address '{text}'");

    /// <summary>Parses a guest NIC address, refusing multicast ones, with libvirt's messages (as XmlModelException, VIR_ERR_XML_ERROR).</summary>
    public static MacAddress ParseUnicast(string text)
    {
        if (!TryParse(text, out var mac))
            throw Xml.XmlModelException.Xml($"unable to parse mac address '{text}'");
        if (mac.IsMulticast)
            throw Xml.XmlModelException.Xml($"expected unicast mac address, found multicast '{text}'");
        return mac;
    }

    /// <summary>A random address in QEMU's locally administered range 52:54:00:xx:xx:xx.</summary>
    public static MacAddress GenerateQemu() => Generate(0x52, 0x54, 0x00);

    /// <summary>A random address under the given three-byte prefix (OUI).</summary>
    public static MacAddress Generate(byte p0, byte p1, byte p2)
    {
        Span<byte> r = stackalloc byte[3];
        RandomNumberGenerator.Fill(r);
        return new MacAddress([p0, p1, p2, r[0], r[1], r[2]]);
    }

    /// <summary>Lowercase colon form, e.g. 52:54:00:ab:cd:ef.</summary>
    public override string ToString()
    {
        var b = GetBytes();
        return string.Create(17, b, static (span, bytes) =>
        {
            for (int i = 0; i < 6; i++)
            {
                bytes[i].TryFormat(span[(i * 3)..], out _, "x2", CultureInfo.InvariantCulture);
                if (i < 5)
                    span[i * 3 + 2] = ':';
            }
        });
    }
}
