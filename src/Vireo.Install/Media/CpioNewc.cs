using System.Globalization;
using System.Text;

namespace Vireo.Install.Media;

/// <summary>
/// A cpio "newc" archive of plain files at the root, the format the kernel unpacks from an initramfs. virt-install's
/// --initrd-inject appends such an archive to the installer's initrd (concatenated archives overlay each other).
/// </summary>
public static class CpioNewc
{
    public static void Write(Stream output, IEnumerable<(string Name, byte[] Data)> files)
    {
        int ino = 1;
        foreach (var (name, data) in files)
            Entry(output, name, data, ino++, 0x81a4); // regular file, 0644
        Entry(output, "TRAILER!!!", Array.Empty<byte>(), 0, 0);
    }

    private static void Entry(Stream s, string name, byte[] data, int ino, int mode)
    {
        var nameBytes = Encoding.UTF8.GetBytes(name + "\0");
        var header = new StringBuilder("070701");
        foreach (var v in new[] { ino, mode, 0, 0, 1, 0, data.Length, 0, 0, 0, 0, nameBytes.Length, 0 })
            header.Append(v.ToString("x8", CultureInfo.InvariantCulture));
        var h = Encoding.ASCII.GetBytes(header.ToString());
        s.Write(h);
        s.Write(nameBytes);
        Pad(s, h.Length + nameBytes.Length);
        s.Write(data);
        Pad(s, data.Length);
    }

    private static void Pad(Stream s, int length)
    {
        int pad = (4 - length % 4) % 4;
        for (int i = 0; i < pad; i++)
            s.WriteByte(0);
    }
}
