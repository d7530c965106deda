using System.Globalization;
using System.Text;

namespace Vireo.Shell.Output;

/// <summary>
/// vsh-table.c: virsh's column tables. Every cell is preceded by one space and columns are padded to their widest
/// cell plus two; under the header a line of dashes as long as the sum of (width + 3). In quiet mode the header
/// is left out and does not count for the widths. Control characters are shown as \xNN.
/// </summary>
public sealed class TextTable(params string[] header)
{
    private readonly List<string[]> _rows = [header];

    /// <summary>vshTableRowAppend.</summary>
    public void Add(params string[] cells)
    {
        if (cells.Length != header.Length)
            throw new ArgumentException($"a row of {cells.Length} cells in a table of {header.Length} columns");
        _rows.Add(cells);
    }

    public int RowCount => _rows.Count - 1;

    /// <summary>vshTablePrintToString.</summary>
    public string Render(bool withHeader)
    {
        int columns = header.Length;
        var encoded = _rows.Select(r => r.Select(Encode).ToArray()).ToList();
        var widths = new int[columns];
        for (int i = withHeader ? 0 : 1; i < encoded.Count; i++)
            for (int j = 0; j < columns; j++)
                widths[j] = Math.Max(widths[j], encoded[i][j].Width);

        var sb = new StringBuilder();
        if (withHeader)
        {
            AppendRow(sb, encoded[0], widths);
            for (int j = 0; j < columns; j++) sb.Append('-', widths[j] + 3);
            sb.Append('\n');
        }
        for (int i = 1; i < encoded.Count; i++) AppendRow(sb, encoded[i], widths);
        return sb.ToString();
    }

    private static void AppendRow(StringBuilder sb, (string Text, int Width)[] row, int[] widths)
    {
        for (int j = 0; j < row.Length; j++)
        {
            sb.Append(' ').Append(row[j].Text);
            if (j < row.Length - 1) sb.Append(' ', widths[j] - row[j].Width + 2);
        }
        sb.Append('\n');
    }

    /// <summary>vshTableSafeEncode: control characters (and a literal "\x") become \xNN; wide characters count 2.</summary>
    private static (string Text, int Width) Encode(string s)
    {
        var sb = new StringBuilder(s.Length);
        int width = 0;
        for (int i = 0; i < s.Length; i++)
        {
            char c = s[i];
            if ((c == '\\' && i + 1 < s.Length && s[i + 1] == 'x') || char.IsControl(c) && c < 0x80)
            {
                sb.Append("\\x").Append(((int)c).ToString("x2", CultureInfo.InvariantCulture));
                width += 4;
                continue;
            }
            var rune = Rune.GetRuneAt(s, i);
            if (rune.Utf16SequenceLength == 2) i++;
            sb.Append(rune.ToString());
            width += DisplayWidth(rune);
        }
        return (sb.ToString(), width);
    }

    /// <summary>Terminal columns of a character: 0 for combining marks, 2 for East Asian wide characters, else 1.</summary>
    public static int DisplayWidth(Rune r)
    {
        var cat = Rune.GetUnicodeCategory(r);
        if (cat is UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark or UnicodeCategory.Format) return 0;
        int v = r.Value;
        bool wide = v is >= 0x1100 and <= 0x115F or >= 0x2E80 and <= 0xA4CF or >= 0xAC00 and <= 0xD7A3 or >= 0xF900 and <= 0xFAFF
            or >= 0xFE30 and <= 0xFE4F or >= 0xFF00 and <= 0xFF60 or >= 0xFFE0 and <= 0xFFE6 or >= 0x1F300 and <= 0x1F64F
            or >= 0x1F900 and <= 0x1F9FF or >= 0x20000 and <= 0x3FFFD;
        return wide ? 2 : 1;
    }
}
