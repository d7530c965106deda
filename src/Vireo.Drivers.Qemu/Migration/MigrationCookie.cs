using System.Text;

namespace Vireo.Drivers.Qemu.Migration;

/// <summary>
/// What the phases tell each other beyond the parameters (libvirt's qemu-migration cookie, ours in plain
/// "key=value" lines since both ends are this driver): the disks to copy with their size and format (Begin →
/// Prepare), the destination's NBD server (Prepare → Perform), and when the guest resumed there (Finish → Confirm).
/// </summary>
internal sealed class MigrationCookie
{
    public string? NbdHost { get; set; }
    public int NbdPort { get; set; }
    /// <summary>Disks to copy: target, capacity in bytes, format.</summary>
    public List<(string Target, ulong Capacity, string Format)> Disks { get; } = [];
    /// <summary>--copy-storage-inc: the backing file (and its format) under each copied disk's top image, by target.</summary>
    public Dictionary<string, (string Path, string Format)> Backing { get; } = [];
    /// <summary>Finish → Confirm: when the guest resumed on the destination (Unix ms), for the downtime (0: unknown).</summary>
    public long ResumedMs { get; set; }

    public byte[] Encode()
    {
        var sb = new StringBuilder();
        if (NbdHost is not null) sb.Append("nbd=").Append(NbdHost).Append(' ').Append(NbdPort).Append('\n');
        foreach (var (t, c, f) in Disks) sb.Append("disk=").Append(t).Append(' ').Append(c).Append(' ').Append(f).Append('\n');
        foreach (var (t, (path, f)) in Backing) sb.Append("backing=").Append(t).Append(' ').Append(f).Append(' ').Append(path).Append('\n');
        if (ResumedMs > 0) sb.Append("resumed=").Append(ResumedMs).Append('\n');
        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    public static MigrationCookie Decode(byte[] bytes)
    {
        var c = new MigrationCookie();
        foreach (var line in Encoding.UTF8.GetString(bytes).Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            int eq = line.IndexOf('=');
            if (eq < 0) continue;
            var parts = line[(eq + 1)..].Split(' ', line[..eq] == "backing" ? 3 : int.MaxValue);
            switch (line[..eq])
            {
                case "nbd" when parts.Length == 2:
                    c.NbdHost = parts[0];
                    c.NbdPort = int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture);
                    break;
                case "backing" when parts.Length == 3:
                    c.Backing[parts[0]] = (parts[2], parts[1]);
                    break;
                case "resumed" when parts.Length == 1:
                    c.ResumedMs = long.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture);
                    break;
                case "disk" when parts.Length == 3:
                    c.Disks.Add((parts[0], ulong.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture), parts[2]));
                    break;
            }
        }
        return c;
    }
}
