using System.Buffers.Binary;

namespace Vireo.Images.Internal;

/// <summary>Short names for the big-endian reads and writes every qcow2 structure uses.</summary>
internal static class BE
{
    public static ushort U16(ReadOnlySpan<byte> b, int at) => BinaryPrimitives.ReadUInt16BigEndian(b[at..]);
    public static uint U32(ReadOnlySpan<byte> b, int at) => BinaryPrimitives.ReadUInt32BigEndian(b[at..]);
    public static ulong U64(ReadOnlySpan<byte> b, int at) => BinaryPrimitives.ReadUInt64BigEndian(b[at..]);
    public static void Put(Span<byte> b, int at, ushort v) => BinaryPrimitives.WriteUInt16BigEndian(b[at..], v);
    public static void Put(Span<byte> b, int at, uint v) => BinaryPrimitives.WriteUInt32BigEndian(b[at..], v);
    public static void Put(Span<byte> b, int at, ulong v) => BinaryPrimitives.WriteUInt64BigEndian(b[at..], v);
}
