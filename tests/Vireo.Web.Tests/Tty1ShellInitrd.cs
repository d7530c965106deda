using System.Text;

namespace Vireo.Web.Tests;

/// <summary>
/// The test guest's initramfs plus a second (uncompressed newc) archive holding /vireo-tty1, started as rdinit=: it
/// mounts /dev (a background job needs /dev/null), puts a busybox shell on tty1 (the VGA console, fed by the VNC
/// keyboard) and then execs the guest's own /init (whose second mount of /dev fails harmlessly).
/// The guest has no clipboard agent, so the paste test proves input by what this shell runs.
/// </summary>
public static class Tty1ShellInitrd
{
    public const string Rdinit = "/vireo-tty1";

    private const string Script = """
        #!/bin/busybox sh
        /bin/busybox mount -t devtmpfs dev /dev
        /bin/busybox setsid /bin/busybox sh -c 'exec /bin/busybox sh </dev/tty1 >/dev/tty1 2>&1' &
        exec /init

        """;

    /// <summary>Writes INITRD followed by the overlay archive to DEST.</summary>
    public static void Write(string initrd, string dest)
    {
        using var output = File.Create(dest);
        using (var input = File.OpenRead(initrd)) input.CopyTo(output);
        // the kernel reads an uncompressed archive only at a 4-byte boundary and skips zero padding before it
        while (output.Position % 4 != 0) output.WriteByte(0);
        WriteEntry(output, Rdinit.TrimStart('/'), Encoding.ASCII.GetBytes(Script.Replace("\r", "")), 0x81ed /* file, 0755 */);
        WriteEntry(output, "TRAILER!!!", [], 0);
    }

    private static void WriteEntry(Stream s, string name, byte[] data, int mode)
    {
        var nameBytes = Encoding.ASCII.GetBytes(name + "\0");
        int[] fields = [1, mode, 0, 0, 1, 0, data.Length, 0, 0, 0, 0, nameBytes.Length, 0];
        var header = "070701" + string.Concat(fields.Select(f => f.ToString("x8")));
        s.Write(Encoding.ASCII.GetBytes(header));
        s.Write(nameBytes);
        Pad(s);
        s.Write(data);
        Pad(s);
    }

    private static void Pad(Stream s) { while (s.Position % 4 != 0) s.WriteByte(0); }
}
