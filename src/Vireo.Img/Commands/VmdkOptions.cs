using System.Globalization;
using Vireo.Images.Qcow2;

namespace Vireo.Img.Commands;

/// <summary>qemu-img's -o options for vmdk (create and convert): subformat, adapter_type, hwversion, compat6, zeroed_grain.</summary>
internal static class VmdkOptions
{
    public static readonly string[] Names = { "size", "adapter_type", "compat6", "hwversion", "subformat", "zeroed_grain", "toolsversion" };

    public static Qcow2CreateOptions Parse(List<(string Key, string Value)> o, string path, long size)
    {
        string? Opt(string k) => o.LastOrDefault(x => x.Key == k).Value;
        foreach (var (k, _) in o)
            if (!Names.Contains(k))
                throw new UsageException($"{path}: Invalid parameter '{k}'");
        string adapter = Opt("adapter_type") ?? "ide";
        if (adapter is not ("ide" or "buslogic" or "lsilogic" or "legacyESX"))
            throw new UsageException($"{path}: invalid parameter value: {adapter}");
        string sub = Opt("subformat") ?? "monolithicSparse";
        if (sub != "monolithicSparse")
            throw new UsageException($"{path}: vmdk subformat '{sub}' is not supported for writing by vireo-img (monolithicSparse only; qemu-img can write {sub})");
        int hw = 4;
        if (OnOff(Opt("compat6")))
            hw = 6;
        if (Opt("hwversion") is { } hv && hv != "undefined")
        {
            if (!int.TryParse(hv, NumberStyles.None, CultureInfo.InvariantCulture, out hw))
                throw new UsageException($"{path}: invalid parameter value: {hv}");
            if (OnOff(Opt("compat6")))
                throw new UsageException($"{path}: compat6 cannot be enabled with hwversion set");
        }
        return new Qcow2CreateOptions { Size = size, VmdkAdapter = adapter, VmdkHwVersion = hw, VmdkZeroedGrain = OnOff(Opt("zeroed_grain")) };
    }

    private static bool OnOff(string? v) => v switch
    {
        null or "off" => false,
        "on" => true,
        _ => throw new UsageException($"Parameter expects 'on' or 'off', got '{v}'"),
    };

    /// <summary>The "Formatting ..." line as qemu-img 7.2 prints it for vmdk.</summary>
    public static string Describe(string path, long size, List<(string Key, string Value)> o)
    {
        string? Opt(string k) => o.LastOrDefault(x => x.Key == k).Value;
        var parts = new List<string> { $"Formatting '{path}', fmt=vmdk size={size}" };
        if (Opt("adapter_type") is { } at)
            parts.Add($"adapter_type={at}");
        parts.Add($"compat6={Opt("compat6") ?? "off"}");
        parts.Add($"hwversion={Opt("hwversion") ?? "undefined"}");
        if (Opt("subformat") is { } sf)
            parts.Add($"subformat={sf}");
        if (Opt("zeroed_grain") is { } zg)
            parts.Add($"zeroed_grain={zg}");
        return string.Join(' ', parts);
    }
}
