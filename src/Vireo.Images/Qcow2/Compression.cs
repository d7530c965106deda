using System.Runtime.InteropServices;

namespace Vireo.Images.Qcow2;

/// <summary>qcow2 cluster compression. zlib clusters are raw deflate streams with a 4 KiB window
/// (windowBits -12), which is what QEMU reads back; .NET's DeflateStream cannot set the window, so we call the
/// system zlib directly.</summary>
public static unsafe class Compression
{
    /// <summary>compression_type values in the header.</summary>
    public const byte Zlib = 0, Zstd = 1;

    private const int Z_OK = 0, Z_STREAM_END = 1, Z_FINISH = 4, Z_DEFLATED = 8, Z_DEFAULT_STRATEGY = 0;
    private const int WindowBits = -12;

    /// <summary>Compresses a cluster; returns the compressed length, or -1 when it does not fit in <paramref name="output"/>
    /// (the caller then stores the cluster uncompressed).</summary>
    public static int Compress(ReadOnlySpan<byte> input, Span<byte> output, int level = -1)
    {
        ZStream zs = default;
        if (DeflateInit2(ref zs, level, Z_DEFLATED, WindowBits, 9, Z_DEFAULT_STRATEGY, ZlibVersion(), sizeof(ZStream)) != Z_OK)
            throw new InvalidOperationException("zlib deflateInit2 failed");
        try
        {
            fixed (byte* pin = input)
            fixed (byte* pout = output)
            {
                zs.next_in = pin;
                zs.avail_in = (uint)input.Length;
                zs.next_out = pout;
                zs.avail_out = (uint)output.Length;
                int rc = Deflate(ref zs, Z_FINISH);
                if (rc != Z_STREAM_END)
                    return -1;
                return (int)zs.total_out;
            }
        }
        finally
        {
            DeflateEnd(ref zs);
        }
    }

    /// <summary>Compresses a cluster with the image's compression type; -1 when it does not fit.</summary>
    public static int Compress(ReadOnlySpan<byte> input, Span<byte> output, byte type) =>
        type == Zstd ? CompressZstd(input, output) : Compress(input, output);

    /// <summary>Decompresses a cluster of the given compression type; false when the data is bad.</summary>
    public static bool Decompress(ReadOnlySpan<byte> input, Span<byte> output, byte type) =>
        type == Zstd ? DecompressZstd(input, output) : Decompress(input, output);

    /// <summary>zstd as QEMU writes it: one frame per cluster, default level (3).</summary>
    public static int CompressZstd(ReadOnlySpan<byte> input, Span<byte> output)
    {
        using var c = new ZstdSharp.Compressor(3);
        return c.TryWrap(input, output, out int written) ? written : -1;
    }

    /// <summary>Decodes the first zstd frame of the extent (the extent is rounded up to sectors and may hold
    /// the start of the next cluster's data after it); it must fill the cluster.</summary>
    public static bool DecompressZstd(ReadOnlySpan<byte> input, Span<byte> output)
    {
        nuint frame;
        fixed (byte* p = input)
            frame = ZstdSharp.Unsafe.Methods.ZSTD_findFrameCompressedSize(p, (nuint)input.Length);
        if (ZstdSharp.Unsafe.Methods.ZSTD_isError(frame))
            return false;
        try
        {
            using var d = new ZstdSharp.Decompressor();
            return d.TryUnwrap(input[..(int)frame], output, out int written) && written == output.Length;
        }
        catch (ZstdSharp.ZstdException)
        {
            return false;
        }
    }

    /// <summary>Decompresses a zlib cluster into <paramref name="output"/> (exactly one cluster); false when the data is bad.</summary>
    public static bool Decompress(ReadOnlySpan<byte> input, Span<byte> output)
    {
        ZStream zs = default;
        if (InflateInit2(ref zs, WindowBits, ZlibVersion(), sizeof(ZStream)) != Z_OK)
            throw new InvalidOperationException("zlib inflateInit2 failed");
        try
        {
            fixed (byte* pin = input)
            fixed (byte* pout = output)
            {
                zs.next_in = pin;
                zs.avail_in = (uint)input.Length;
                zs.next_out = pout;
                zs.avail_out = (uint)output.Length;
                int rc = Inflate(ref zs, Z_FINISH);
                // QEMU accepts a stream that fills the cluster even if it does not see the end marker
                // (the compressed extent is rounded to sectors and may be followed by other data).
                return (rc == Z_STREAM_END || rc == -5 /* Z_BUF_ERROR */ || rc == Z_OK) && zs.total_out == (ulong)output.Length;
            }
        }
        finally
        {
            InflateEnd(ref zs);
        }
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct ZStream
    {
        public byte* next_in;
        public uint avail_in;
        public ulong total_in;
        public byte* next_out;
        public uint avail_out;
        public ulong total_out;
        public IntPtr msg;
        public IntPtr state;
        public IntPtr zalloc, zfree, opaque;
        public int data_type;
        public ulong adler, reserved;
    }

    private const string Lib = "libz.so.1";

    [DllImport(Lib, EntryPoint = "zlibVersion")]
    private static extern IntPtr ZlibVersion();

    [DllImport(Lib, EntryPoint = "deflateInit2_")]
    private static extern int DeflateInit2(ref ZStream s, int level, int method, int windowBits, int memLevel, int strategy, IntPtr version, int size);

    [DllImport(Lib, EntryPoint = "deflate")]
    private static extern int Deflate(ref ZStream s, int flush);

    [DllImport(Lib, EntryPoint = "deflateEnd")]
    private static extern int DeflateEnd(ref ZStream s);

    [DllImport(Lib, EntryPoint = "inflateInit2_")]
    private static extern int InflateInit2(ref ZStream s, int windowBits, IntPtr version, int size);

    [DllImport(Lib, EntryPoint = "inflate")]
    private static extern int Inflate(ref ZStream s, int flush);

    [DllImport(Lib, EntryPoint = "inflateEnd")]
    private static extern int InflateEnd(ref ZStream s);
}
