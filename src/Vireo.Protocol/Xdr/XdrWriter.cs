using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace Vireo.Protocol.Xdr;

/// <summary>Writes RFC 4506 XDR values into a growable buffer, with libvirt's rpcgen quirks.</summary>
public sealed class XdrWriter(int initialCapacity = 256)
{
    private readonly ArrayBufferWriter<byte> _buffer = new(initialCapacity);

    /// <summary>Bytes written so far.</summary>
    public int Length => _buffer.WrittenCount;

    /// <summary>The encoded bytes.</summary>
    public ReadOnlySpan<byte> WrittenSpan => _buffer.WrittenSpan;

    public byte[] ToArray() => _buffer.WrittenSpan.ToArray();

    public void WriteInt(int v) { BinaryPrimitives.WriteInt32BigEndian(_buffer.GetSpan(4), v); _buffer.Advance(4); }
    public void WriteUInt(uint v) { BinaryPrimitives.WriteUInt32BigEndian(_buffer.GetSpan(4), v); _buffer.Advance(4); }
    public void WriteHyper(long v) { BinaryPrimitives.WriteInt64BigEndian(_buffer.GetSpan(8), v); _buffer.Advance(8); }
    public void WriteUHyper(ulong v) { BinaryPrimitives.WriteUInt64BigEndian(_buffer.GetSpan(8), v); _buffer.Advance(8); }
    public void WriteDouble(double v) { BinaryPrimitives.WriteDoubleBigEndian(_buffer.GetSpan(8), v); _buffer.Advance(8); }
    public void WriteBool(bool v) => WriteInt(v ? 1 : 0);

    private void WritePadding(int length)
    {
        int pad = (4 - (length & 3)) & 3;
        if (pad == 0) return;
        _buffer.GetSpan(pad)[..pad].Clear();
        _buffer.Advance(pad);
    }

    public void WriteBytesRaw(ReadOnlySpan<byte> bytes) => _buffer.Write(bytes);

    /// <summary>A non-null string: length, UTF-8 bytes, zero padding.</summary>
    public void WriteString(string value)
    {
        int len = Encoding.UTF8.GetByteCount(value);
        if (len > XdrLimits.StringMax) throw new XdrException($"string of {len} bytes exceeds the XDR limit of {XdrLimits.StringMax}");
        WriteUInt((uint)len);
        Encoding.UTF8.GetBytes(value, _buffer.GetSpan(len));
        _buffer.Advance(len);
        WritePadding(len);
    }

    /// <summary>An optional string (<c>remote_string</c>): NULL is flag 0, otherwise flag 1 + string.</summary>
    public void WriteOptionalString(string? value)
    {
        WritePresence(value is not null);
        if (value is not null) WriteString(value);
    }

    /// <summary>The u32 presence flag of an optional pointer.</summary>
    public void WritePresence(bool present) => WriteUInt(present ? 1u : 0u);

    /// <summary>Variable-length opaque data.</summary>
    public void WriteOpaque(ReadOnlySpan<byte> data)
    {
        WriteUInt((uint)data.Length);
        _buffer.Write(data);
        WritePadding(data.Length);
    }

    /// <summary>Fixed-length opaque data (no length word).</summary>
    public void WriteFixedOpaque(ReadOnlySpan<byte> data)
    {
        _buffer.Write(data);
        WritePadding(data.Length);
    }

    /// <summary>A libvirt UUID: 16 raw bytes in RFC 4122 order.</summary>
    public void WriteUuid(Guid uuid)
    {
        uuid.TryWriteBytes(_buffer.GetSpan(16), bigEndian: true, out _);
        _buffer.Advance(16);
    }

    /// <summary>A variable char array: count, then each char widened to 4 bytes (rpcgen's xdr_char).</summary>
    public void WriteCharArray(ReadOnlySpan<byte> chars)
    {
        WriteUInt((uint)chars.Length);
        WriteFixedCharArray(chars);
    }

    /// <summary>A fixed char array: each char widened to 4 bytes, sign-extended as rpcgen's signed char.</summary>
    public void WriteFixedCharArray(ReadOnlySpan<byte> chars)
    {
        foreach (var c in chars) WriteInt((sbyte)c);
    }

    /// <summary>Patches a big-endian u32 already written at <paramref name="offset"/> (the packet length word).</summary>
    public void PatchUInt(int offset, uint value)
    {
        // ArrayBufferWriter exposes only read-only written memory; it is our own buffer, so writing back is safe.
        var span = System.Runtime.InteropServices.MemoryMarshal.AsMemory(_buffer.WrittenMemory).Span;
        BinaryPrimitives.WriteUInt32BigEndian(span.Slice(offset, 4), value);
    }

    public void Clear() => _buffer.Clear();
}
