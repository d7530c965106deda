using System.Security.Cryptography;

namespace Vireo.Model.Identity;

/// <summary>UUID helpers with libvirt's rules: random v4, lenient parse (dashes anywhere), lowercase dashed format.</summary>
public static class Uuid
{
    /// <summary>A new random (version 4) UUID.</summary>
    public static Guid Generate()
    {
        Span<byte> b = stackalloc byte[16];
        RandomNumberGenerator.Fill(b);
        b[6] = (byte)((b[6] & 0x0F) | 0x40);
        b[8] = (byte)((b[8] & 0x3F) | 0x80);
        return FromBytes(b);
    }

    /// <summary>Parses like virUUIDParse: 32 hex digits, '-' allowed between any of them, surrounding blanks ignored.</summary>
    public static bool TryParse(string? text, out Guid uuid)
    {
        uuid = Guid.Empty;
        if (text is null)
            return false;
        Span<byte> bytes = stackalloc byte[16];
        int digits = 0;
        var s = text.Trim();
        foreach (var c in s)
        {
            if (c == '-')
                continue;
            int v = HexValue(c);
            if (v < 0 || digits >= 32)
                return false;
            if (digits % 2 == 0)
                bytes[digits / 2] = (byte)(v << 4);
            else
                bytes[digits / 2] |= (byte)v;
            digits++;
        }
        if (digits != 32)
            return false;
        uuid = FromBytes(bytes);
        return true;
    }

    /// <summary>Parses or throws <see cref="FormatException"/>.</summary>
    public static Guid Parse(string text) => TryParse(text, out var g) ? g : throw new FormatException($"malformed uuid '{text}'");

    /// <summary>Lowercase dashed form, e.g. 6695eb01-f6a4-8304-79aa-97f2502e193f.</summary>
    public static string Format(Guid uuid) => uuid.ToString("D");

    /// <summary>The 16 raw bytes in RFC 4122 (network) order, as libvirt's wire protocol carries them.</summary>
    public static byte[] ToBytes(Guid uuid)
    {
        var b = new byte[16];
        uuid.TryWriteBytes(b, bigEndian: true, out _);
        return b;
    }

    /// <summary>A Guid from 16 raw bytes in RFC 4122 order.</summary>
    public static Guid FromBytes(ReadOnlySpan<byte> bytes) => new(bytes, bigEndian: true);

    private static int HexValue(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => -1,
    };
}
