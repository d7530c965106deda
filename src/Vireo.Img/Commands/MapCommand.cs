using System.Globalization;
using System.Text;
using Vireo.Images;

namespace Vireo.Img.Commands;

/// <summary>vireo-img map [-f fmt] [--output=human|json] [--start-offset=N] [--max-length=N] filename</summary>
internal static class MapCommand
{
    public static int Run(string[] argv, TextWriter stdout)
    {
        var a = Args.Parse(argv, new[] { "f", "output", "start-offset", "s", "max-length", "l", "object", "image-opts" }, new[] { "U", "force-share", "h", "help" });
        if (a.Positional.Count != 1)
            throw new UsageException("Expecting one image file name");
        string output = a.Get("output") ?? "human";
        using var img = Program.OpenImage(a.Positional[0], a.Get("f"), writable: false);
        long start = 0, len = img.VirtualSize;
        if ((a.Get("start-offset") ?? a.Get("s")) is { } so && Sizes.TryParse(so, out long sov))
            start = Math.Min(sov, img.VirtualSize);
        if ((a.Get("max-length") ?? a.Get("l")) is { } ml && Sizes.TryParse(ml, out long mlv))
            len = Math.Min(mlv, img.VirtualSize - start);
        else
            len = img.VirtualSize - start;
        var map = ChainStatus.Map(img, start, len);
        var sb = new StringBuilder();
        if (output == "json")
        {
            sb.Append('[');
            for (int i = 0; i < map.Count; i++)
            {
                var e = map[i];
                if (i > 0)
                    sb.Append(",\n");
                sb.Append(CultureInfo.InvariantCulture, $"{{ \"start\": {e.Start}, \"length\": {e.Length}, \"depth\": {e.Depth}, \"present\": {B(e.Present)}, \"zero\": {B(e.Zero)}, \"data\": {B(e.Data)}");
                if (e.HostOffset >= 0)
                    sb.Append(CultureInfo.InvariantCulture, $", \"offset\": {e.HostOffset}");
                sb.Append('}');
            }
            sb.Append(']');
            stdout.WriteLine(sb.ToString());
        }
        else
        {
            stdout.WriteLine("Offset          Length          Mapped to       File");
            foreach (var e in map)
                if (e.Data && e.HostOffset >= 0)
                    stdout.WriteLine(string.Format(CultureInfo.InvariantCulture, "{0,-16}{1,-16}{2,-16}{3}", Hex(e.Start), Hex(e.Length), Hex(e.HostOffset), e.File));
        }
        return 0;
    }

    // C's "%#x": no prefix for zero
    private static string Hex(long v) => v == 0 ? "0" : "0x" + v.ToString("x", CultureInfo.InvariantCulture);

    private static string B(bool b) => b ? "true" : "false";
}
