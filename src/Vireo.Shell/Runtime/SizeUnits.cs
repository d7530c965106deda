using Vireo.Protocol.Errors;

namespace Vireo.Shell.Runtime;

/// <summary>virScaleInteger: applies a size unit suffix (b, KiB/k, KB, MiB/M, MB, ... EiB) to a number.</summary>
public static class SizeUnits
{
    /// <summary>
    /// Scales <paramref name="value"/> by <paramref name="suffix"/> ("" = <paramref name="scale"/>); false with the
    /// libvirt error virsh would also print (unknown suffix, overflow) when it fails.
    /// </summary>
    public static bool TryScale(ref ulong value, string suffix, ulong scale, ulong limit, out LibvirtException? problem)
    {
        problem = null;
        if (suffix.Length == 0)
        {
            // default scale
        }
        else if (suffix.Equals("b", StringComparison.OrdinalIgnoreCase) || suffix.Equals("byte", StringComparison.OrdinalIgnoreCase)
                 || suffix.Equals("bytes", StringComparison.OrdinalIgnoreCase))
        {
            scale = 1;
        }
        else
        {
            ulong unitBase;
            if (suffix.Length == 1 || suffix[1..].Equals("iB", StringComparison.OrdinalIgnoreCase)) unitBase = 1024;
            else if (suffix.Length == 2 && char.ToLowerInvariant(suffix[1]) == 'b') unitBase = 1000;
            else
            {
                problem = new LibvirtException(ErrorCode.InvalidArg, ErrorDomain.None, $"invalid argument: unknown suffix '{suffix}'");
                return false;
            }
            int power = char.ToLowerInvariant(suffix[0]) switch { 'k' => 1, 'm' => 2, 'g' => 3, 't' => 4, 'p' => 5, 'e' => 6, _ => 0 };
            if (power == 0)
            {
                problem = new LibvirtException(ErrorCode.InvalidArg, ErrorDomain.None, $"invalid argument: unknown suffix '{suffix}'");
                return false;
            }
            scale = 1;
            for (int i = 0; i < power; i++) scale *= unitBase;
        }
        if (value != 0 && value > limit / scale)
        {
            problem = new LibvirtException(ErrorCode.Overflow, ErrorDomain.None, $"numerical overflow: value too large: {value}{suffix}");
            return false;
        }
        value *= scale;
        return true;
    }
}
