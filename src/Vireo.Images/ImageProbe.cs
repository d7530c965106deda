using Vireo.Images.Internal;

namespace Vireo.Images;

/// <summary>What a file looks like, decided from its first bytes without opening it as an image.</summary>
public static class ImageProbe
{
    /// <summary>Formats we recognise; raw, qcow2, vmdk and qcow (v1, read-only) can be opened, the others get a clear refusal.</summary>
    public static string Probe(string path)
    {
        Span<byte> b = stackalloc byte[512];
        int n;
        using (var f = HostFile.Open(path, writable: false))
            n = f.ReadUpTo(0, b);
        var s = b[..n];
        if (n >= 4)
        {
            uint magic = BE.U32(s, 0);
            if (magic == Qcow2.Header.Magic)
                return BE.U32(s, 4) == 1 ? "qcow" : "qcow2";
            if (magic == 0x4f4f4f4d)   // "OOOM": cow
                return "cow";
            if (magic == 0x4b444d56)   // "KDMV": vmdk sparse extent
                return "vmdk";
            if (s.StartsWith("#!/bin/sh"u8) && s.IndexOf("#V2.0 Format: cloop"u8) >= 0)
                return "cloop";
            if (s.StartsWith("# Disk DescriptorFile"u8))
                return "vmdk";
            if (s.StartsWith("conectix"u8))
                return "vpc";
            if (s.StartsWith("<<< Oracle VM VirtualBox Disk Image >>>"u8))
                return "vdi";
        }
        if (n >= 8 && s.StartsWith("vhdxfile"u8))
            return "vhdx";
        if (n >= 6 && s.StartsWith("LUKS\xba\xbe"u8))
            return "luks";
        return "raw";
    }

    /// <summary>The message for formats we recognise but refuse.</summary>
    public static string Unsupported(string format) => format switch
    {
        "cow" => "the 'cow' format (User Mode Linux COW) is not supported; convert with 'qemu-img convert -O qcow2' (from a QEMU older than 5.0 that still reads it)",
        "cloop" => "the 'cloop' format is not supported; convert with 'qemu-img convert -f cloop -O qcow2'",
        _ => $"the '{format}' format is not supported; convert with 'qemu-img convert -f {format} -O qcow2'",
    };
}
