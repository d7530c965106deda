namespace Vireo.Client.Api;

/// <summary>UUID text as libvirt reads and writes it (virUUIDParse / virUUIDFormat).</summary>
public static class UuidText
{
    /// <summary>Length of the canonical form "6695eb01-f6a4-8304-79aa-97f2502e193f" (VIR_UUID_STRING_BUFLEN - 1).</summary>
    public const int CanonicalLength = 36;

    /// <summary>
    /// Parses like virUUIDParse: leading blanks skipped, 32 hex digits where a '-' may separate any two bytes,
    /// trailing blanks allowed. Returns false for anything else.
    /// </summary>
    public static bool TryParse(string text, out Guid uuid)
    {
        uuid = Guid.Empty;
        Span<byte> bytes = stackalloc byte[16];
        int i = 0, n = 0;
        while (i < text.Length && text[i] is ' ' or '\t') i++;
        while (n < 16)
        {
            if (i < text.Length && text[i] == '-' && n > 0) i++;
            if (i + 1 >= text.Length || !IsHex(text[i]) || !IsHex(text[i + 1])) return false;
            bytes[n++] = (byte)(Hex(text[i]) << 4 | Hex(text[i + 1]));
            i += 2;
        }
        while (i < text.Length)
        {
            if (text[i] is not (' ' or '\t')) return false;
            i++;
        }
        uuid = new Guid(bytes, bigEndian: true);
        return true;
    }

    /// <summary>The canonical lower-case form, as virUUIDFormat writes it.</summary>
    public static string Format(Guid uuid) => uuid.ToString("D");

    private static bool IsHex(char c) => char.IsAsciiHexDigit(c);

    private static int Hex(char c) => c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
}
