using Vireo.Images;

namespace Vireo.Img.Commands;

/// <summary>vireo-img compare [-f fmt] [-F fmt] [-q] [-s] file1 file2. Exit: 0 identical, 1 different, 2 error.</summary>
internal static class CompareCommand
{
    public static int Run(string[] argv, TextWriter stdout, TextWriter stderr)
    {
        var a = Args.Parse(argv, new[] { "f", "F", "object", "T" }, new[] { "q", "s", "p", "U", "force-share", "image-opts", "h", "help" });
        if (a.Positional.Count != 2)
            throw new UsageException("Expecting two image file names");
        bool quiet = a.Has("q"), strict = a.Has("s");
        IBlockImage? x = null, y = null;
        try
        {
            try
            {
                x = Program.OpenImage(a.Positional[0], a.Get("f"), false);
                y = Program.OpenImage(a.Positional[1], a.Get("F") ?? a.Get("f"), false);
            }
            catch (Exception e) when (e is IOException or ImageNotSupportedException)
            {
                stderr.WriteLine($"vireo-img: {e.Message}");
                return 2;
            }
            if (strict && x.VirtualSize != y.VirtualSize)
            {
                if (!quiet)
                    stdout.WriteLine("Strict mode: Image size mismatch!");
                return 1;
            }
            long common = Math.Min(x.VirtualSize, y.VirtualSize);
            const int Chunk = 1 << 20;
            var bx = new byte[Chunk];
            var by = new byte[Chunk];
            for (long at = 0; at < common; at += Chunk)
            {
                int n = (int)Math.Min(Chunk, common - at);
                x.ReadAsync(at, bx.AsMemory(0, n)).AsTask().GetAwaiter().GetResult();
                y.ReadAsync(at, by.AsMemory(0, n)).AsTask().GetAwaiter().GetResult();
                if (!bx.AsSpan(0, n).SequenceEqual(by.AsSpan(0, n)))
                {
                    int i = 0;
                    while (bx[i] == by[i])
                        i++;
                    long sector = (at + i) / 512 * 512;
                    if (!quiet)
                        stdout.WriteLine($"Content mismatch at offset {sector}!");
                    return 1;
                }
            }
            // the larger image must read as zeroes past the smaller one
            var big = x.VirtualSize > y.VirtualSize ? x : y;
            for (long at = common; at < big.VirtualSize; at += Chunk)
            {
                int n = (int)Math.Min(Chunk, big.VirtualSize - at);
                big.ReadAsync(at, bx.AsMemory(0, n)).AsTask().GetAwaiter().GetResult();
                int nz = bx.AsSpan(0, n).IndexOfAnyExcept((byte)0);
                if (nz >= 0)
                {
                    if (!quiet)
                        stdout.WriteLine($"Content mismatch at offset {(at + nz) / 512 * 512}!");
                    return 1;
                }
            }
            if (!quiet)
                stdout.WriteLine(x.VirtualSize != y.VirtualSize ? "Warning: Image size mismatch!\nImages are identical." : "Images are identical.");
            return 0;
        }
        finally
        {
            x?.Dispose();
            y?.Dispose();
        }
    }
}
