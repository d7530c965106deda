using System.Buffers.Binary;
using System.Text;

namespace Vireo.Protocol.Xdr;

/// <summary>Reads RFC 4506 XDR values (big-endian, 4-byte aligned) from a buffer, with libvirt's rpcgen quirks.</summary>
public ref struct XdrReader(ReadOnlySpan<byte> data)
{
    private readonly ReadOnlySpan<byte> _data = data;
    private int _pos;

    /// <summary>Bytes consumed so far.</summary>
    public readonly int Position => _pos;

    /// <summary>Bytes not read yet.</summary>
    public readonly int Remaining => _data.Length - _pos;

    private ReadOnlySpan<byte> Take(int count)
    {
        if (count < 0 || count > Remaining)
            throw new XdrException($"XDR data truncated: need {count} bytes at offset {_pos}, {Remaining} left");
        var s = _data.Slice(_pos, count);
        _pos += count;
        return s;
    }

    private void SkipPadding(int length)
    {
        int pad = (4 - (length & 3)) & 3;
        if (pad != 0) Take(pad);
    }

    public int ReadInt() => BinaryPrimitives.ReadInt32BigEndian(Take(4));
    public uint ReadUInt() => BinaryPrimitives.ReadUInt32BigEndian(Take(4));
    public long ReadHyper() => BinaryPrimitives.ReadInt64BigEndian(Take(8));
    public ulong ReadUHyper() => BinaryPrimitives.ReadUInt64BigEndian(Take(8));
    public double ReadDouble() => BinaryPrimitives.ReadDoubleBigEndian(Take(8));

    public bool ReadBool()
    {
        int v = ReadInt();
        if (v is not (0 or 1)) throw new XdrException($"XDR bool has value {v}");
        return v == 1;
    }

    /// <summary>A non-null string with a maximum length (libvirt's REMOTE_STRING_MAX by default).</summary>
    public string ReadString(int max = XdrLimits.StringMax)
    {
        uint len = ReadUInt();
        if (len > (uint)max) throw new XdrException($"XDR string of {len} bytes exceeds the limit of {max}");
        var bytes = Take((int)len);
        SkipPadding((int)len);
        return Encoding.UTF8.GetString(bytes);
    }

    /// <summary>An optional string (<c>remote_string</c>): a presence flag, then the string.</summary>
    public string? ReadOptionalString(int max = XdrLimits.StringMax) => ReadPresence() ? ReadString(max) : null;

    /// <summary>Reads the u32 presence flag of an optional pointer.</summary>
    public bool ReadPresence()
    {
        uint flag = ReadUInt();
        if (flag > 1) throw new XdrException($"XDR optional-data flag has value {flag}");
        return flag == 1;
    }

    /// <summary>Variable-length opaque data (<c>opaque x&lt;N&gt;</c>).</summary>
    public byte[] ReadOpaque(int max)
    {
        uint len = ReadUInt();
        if (len > (uint)max) throw new XdrException($"XDR opaque of {len} bytes exceeds the limit of {max}");
        var bytes = Take((int)len).ToArray();
        SkipPadding((int)len);
        return bytes;
    }

    /// <summary>Fixed-length opaque data (<c>opaque x[N]</c>), e.g. a 16-byte UUID.</summary>
    public byte[] ReadFixedOpaque(int length)
    {
        var bytes = Take(length).ToArray();
        SkipPadding(length);
        return bytes;
    }

    /// <summary>A libvirt UUID: 16 raw bytes in RFC 4122 (big-endian) order.</summary>
    public Guid ReadUuid() => new(Take(16), bigEndian: true);

    /// <summary>
    /// A variable char array (<c>char x&lt;N&gt;</c>): rpcgen widens every char to 4 bytes, so this is not opaque.
    /// </summary>
    public byte[] ReadCharArray(int max)
    {
        uint count = ReadUInt();
        if (count > (uint)max) throw new XdrException($"XDR char array of {count} exceeds the limit of {max}");
        return ReadFixedCharArray((int)count);
    }

    /// <summary>A fixed char array (<c>char x[N]</c>), 4 bytes per element.</summary>
    public byte[] ReadFixedCharArray(int count)
    {
        if ((long)count * 4 > Remaining) throw new XdrException($"XDR char array of {count} truncated");
        var result = new byte[count];
        for (int i = 0; i < count; i++) result[i] = (byte)ReadInt();
        return result;
    }

    /// <summary>An array count (<c>T x&lt;N&gt;</c>), checked against its limit before any element is read.</summary>
    public int ReadCount(int max)
    {
        uint count = ReadUInt();
        if (count > (uint)max) throw new XdrException($"XDR array of {count} elements exceeds the limit of {max}");
        // Every XDR element takes at least 4 bytes; a count beyond that is a lie, refuse before allocating.
        if ((long)count * 4 > Remaining) throw new XdrException($"XDR array of {count} elements truncated");
        return (int)count;
    }

    /// <summary>The bytes not yet consumed (stream payloads, tests).</summary>
    public readonly ReadOnlySpan<byte> Rest => _data[_pos..];

    /// <summary>Throws unless every byte was consumed: libvirt rejects trailing garbage in a payload.</summary>
    public readonly void EnsureEnd()
    {
        if (Remaining != 0) throw new XdrException($"{Remaining} unexpected trailing bytes in XDR payload");
    }
}
