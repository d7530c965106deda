using Vireo.Images;
using Vireo.Images.Qcow2;

namespace Vireo.Img.Commands;

/// <summary>vireo-img dd [-f fmt] [-O output_fmt] [bs=block_size] [count=blocks] [skip=blocks] if=input of=output.
/// As qemu-img 7.2: the output is created with size min(count*bs, input size) - skip*bs and receives the
/// input from byte skip*bs on. All-zero blocks are not written (the new output already reads as zeroes).</summary>
internal static class DdCommand
{
    private const string SuffixHelp = "You may use k, M, G, T, P or E suffixes for\nvireo-img: kilobytes, megabytes, gigabytes, terabytes, petabytes and exabytes.";

    public static int Run(string[] argv)
    {
        var a = Args.Parse(argv, new[] { "f", "O", "object" }, new[] { "U", "force-share", "image-opts", "h", "help" });
        string? input = null, output = null;
        long bs = 512, count = -1, skip = 0;
        foreach (var op in a.Positional)
        {
            int eq = op.IndexOf('=');
            string key = eq < 0 ? op : op[..eq], val = eq < 0 ? "" : op[(eq + 1)..];
            switch (key)
            {
                case "if": input = val; break;
                case "of": output = val; break;
                case "bs":
                    if (!Sizes.TryParse(val, out bs))
                        throw new UsageException($"Invalid bs specified. {SuffixHelp}");
                    if (bs < 1 || bs > int.MaxValue)
                        throw new UsageException("Invalid bs specified. Must be between 1 and 2147483647.");
                    break;
                case "count":
                    if (!Sizes.TryParse(val, out count))
                        throw new UsageException($"Invalid count specified. {SuffixHelp}");
                    break;
                case "skip":
                    if (!Sizes.TryParse(val, out skip))
                        throw new UsageException($"Invalid skip specified. {SuffixHelp}");
                    break;
                default:
                    throw new UsageException($"unrecognized operand {key}");
            }
        }
        if (input == null || output == null)
            throw new UsageException("Must specify both input and output files");
        string outFmt = a.Get("O") ?? "raw";
        Image.CheckFilename(output, false, "output");
        using var src = Program.OpenImage(input, a.Get("f"), writable: false);
        long size = src.VirtualSize;
        if (count >= 0 && (bs == 0 || count <= long.MaxValue / bs) && count * bs < size)
            size = count * bs;
        if (skip > long.MaxValue / bs || size < skip * bs)
            throw new UsageException($"{input}: cannot skip to specified offset");
        long from = skip * bs;
        long outSize = (size - from + 511) & ~511L;
        try
        {
            Image.Create(output, outFmt, new Qcow2CreateOptions { Size = outSize });
        }
        catch (ArgumentException e)
        {
            throw new UsageException($"{output}: {e.Message}");
        }
        using var dst = Image.Open(output, new ImageOpenOptions { Format = outFmt, Writable = true, OpenBacking = false, CacheUnsafe = true });
        int chunk = (int)Math.Max(bs, 1 << 20);
        var buf = new byte[chunk];
        for (long at = from; at < size; at += chunk)
        {
            int n = (int)Math.Min(chunk, size - at);
            src.ReadAsync(at, buf.AsMemory(0, n)).AsTask().GetAwaiter().GetResult();
            if (buf.AsSpan(0, n).IndexOfAnyExcept((byte)0) >= 0)
                dst.WriteAsync(at - from, buf.AsMemory(0, n)).AsTask().GetAwaiter().GetResult();
        }
        dst.FlushAsync().AsTask().GetAwaiter().GetResult();
        return 0;
    }
}
