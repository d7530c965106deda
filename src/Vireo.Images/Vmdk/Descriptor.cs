using System.Globalization;
using System.Text;

namespace Vireo.Images.Vmdk;

/// <summary>The text descriptor of a VMDK ("# Disk DescriptorFile"): CID, parent CID, create type, extents, DDB.</summary>
public sealed class Descriptor
{
    public uint Cid { get; set; }
    public uint ParentCid { get; set; } = uint.MaxValue;
    public string CreateType { get; set; } = "monolithicSparse";
    public List<string> ExtentLines { get; } = new();
    public string? ParentFileNameHint { get; set; }

    public static Descriptor Parse(string text, string path)
    {
        var d = new Descriptor();
        bool sawCid = false;
        foreach (var raw in text.Split('\n'))
        {
            string line = raw.Trim('\r', ' ', '\t');
            if (line.Length == 0 || line.StartsWith('#'))
                continue;
            if (line.StartsWith("RW ", StringComparison.Ordinal) || line.StartsWith("RDONLY ", StringComparison.Ordinal) || line.StartsWith("NOACCESS ", StringComparison.Ordinal))
            {
                d.ExtentLines.Add(line);
                continue;
            }
            int eq = line.IndexOf('=');
            if (eq < 0)
                continue;
            string key = line[..eq].Trim(), val = line[(eq + 1)..].Trim().Trim('"');
            switch (key)
            {
                case "CID":
                    if (!uint.TryParse(val, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var cid))
                        throw new ImageFormatException(path, $"descriptor CID '{val}' is not a hex number");
                    d.Cid = cid;
                    sawCid = true;
                    break;
                case "parentCID":
                    if (!uint.TryParse(val, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var pcid))
                        throw new ImageFormatException(path, $"descriptor parentCID '{val}' is not a hex number");
                    d.ParentCid = pcid;
                    break;
                case "createType":
                    d.CreateType = val;
                    break;
                case "parentFileNameHint":
                    d.ParentFileNameHint = val;
                    break;
            }
        }
        if (!sawCid)
            throw new ImageFormatException(path, "VMDK descriptor has no CID");
        return d;
    }

    /// <summary>The descriptor qemu-img 7.2 writes for a new single-file image.</summary>
    public static string Build(uint cid, string createType, long sectors, string fileName, string adapter, int hwVersion)
    {
        int heads = adapter == "ide" ? 16 : 255;
        long cyl = Math.Min(sectors / (heads * 63L), 16383);
        var sb = new StringBuilder();
        sb.Append("# Disk DescriptorFile\n");
        sb.Append("version=1\n");
        sb.Append(CultureInfo.InvariantCulture, $"CID={cid:x8}\n");
        sb.Append("parentCID=ffffffff\n");
        sb.Append(CultureInfo.InvariantCulture, $"createType=\"{createType}\"\n");
        sb.Append('\n');
        sb.Append("# Extent description\n");
        sb.Append(CultureInfo.InvariantCulture, $"RW {sectors} SPARSE \"{fileName}\"\n");
        sb.Append('\n');
        sb.Append("# The Disk Data Base\n");
        sb.Append("#DDB\n");
        sb.Append('\n');
        sb.Append(CultureInfo.InvariantCulture, $"ddb.virtualHWVersion = \"{hwVersion}\"\n");
        sb.Append(CultureInfo.InvariantCulture, $"ddb.geometry.cylinders = \"{cyl}\"\n");
        sb.Append(CultureInfo.InvariantCulture, $"ddb.geometry.heads = \"{heads}\"\n");
        sb.Append("ddb.geometry.sectors = \"63\"\n");
        sb.Append(CultureInfo.InvariantCulture, $"ddb.adapterType = \"{adapter}\"\n");
        sb.Append("ddb.toolsVersion = \"2147483647\"\n");
        return sb.ToString();
    }
}
