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
    /// <summary>Perform → Finish: the source's completed-job statistics (libvirt's "statistics" cookie part), so the
    /// destination's domjobinfo --completed reports the migration too.</summary>
    public CompletedMigration? Stats { get; set; }
    /// <summary>When the source sent <see cref="Stats"/> (Unix ms): the destination's receive time minus this is the
    /// network delay libvirt subtracts for the "w/o network" figures.</summary>
    public long SentUnixMs { get; set; }
    /// <summary>Finish → Confirm: the network delay the destination measured (libvirt's "delta"), with its view of the
    /// downtime in <see cref="Stats"/>.</summary>
    public long? DeltaMs { get; set; }

    public byte[] Encode()
    {
        var sb = new StringBuilder();
        if (NbdHost is not null) sb.Append("nbd=").Append(NbdHost).Append(' ').Append(NbdPort).Append('\n');
        foreach (var (t, c, f) in Disks) sb.Append("disk=").Append(t).Append(' ').Append(c).Append(' ').Append(f).Append('\n');
        foreach (var (t, (path, f)) in Backing) sb.Append("backing=").Append(t).Append(' ').Append(f).Append(' ').Append(path).Append('\n');
        if (Stats is { } st)
            sb.Append("stats=").Append(MigrationStatsText.Encode(st, SentUnixMs)).Append('\n');
        if (DeltaMs is { } delta)
            sb.Append("delta=").Append(delta.ToString(System.Globalization.CultureInfo.InvariantCulture)).Append('\n');
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
                case "delta" when parts.Length == 1 && long.TryParse(parts[0], System.Globalization.CultureInfo.InvariantCulture, out var delta):
                    c.DeltaMs = delta;
                    break;
                case "stats":
                    (c.Stats, c.SentUnixMs) = MigrationStatsText.Decode(parts);
                    break;
                case "disk" when parts.Length == 3:
                    c.Disks.Add((parts[0], ulong.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture), parts[2]));
                    break;
            }
        }
        return c;
    }
}
