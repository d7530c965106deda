using System.Globalization;

namespace Vireo.Drivers.Qemu.Migration;

/// <summary>The "stats=" line of <see cref="MigrationCookie"/>: a completed migration's figures, space-separated.</summary>
internal static class MigrationStatsText
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static string Encode(CompletedMigration c, long sentUnixMs) => string.Join(' ',
        c.TotalTimeMs.ToString(Inv), c.DowntimeMs.ToString(Inv), c.SetupTimeMs.ToString(Inv), c.Transferred.ToString(Inv),
        c.Total.ToString(Inv), c.Duplicate.ToString(Inv), c.Normal.ToString(Inv), c.NormalBytes.ToString(Inv),
        c.Mbps.ToString("R", Inv), c.Iteration.ToString(Inv), c.PageSize.ToString(Inv), sentUnixMs.ToString(Inv),
        c.StoppedUnixMs.ToString(Inv));

    /// <summary>Null statistics for a line this version does not understand (a newer or garbled cookie).</summary>
    public static (CompletedMigration?, long) Decode(string[] f)
    {
        if (f.Length < 13)
            return (null, 0);
        try
        {
            long L(int i) => long.Parse(f[i], Inv);
            ulong U(int i) => ulong.Parse(f[i], Inv);
            var c = new CompletedMigration(L(0), L(1), L(2), U(3), U(4), U(5), U(6), U(7), double.Parse(f[8], Inv), U(9), U(10), 0) { StoppedUnixMs = L(12) };
            return (c, L(11));
        }
        catch (FormatException)
        {
            return (null, 0);
        }
        catch (OverflowException)
        {
            return (null, 0);
        }
    }
}
