using System.Text;

namespace Vireo.Integration.Tests.Infrastructure;

/// <summary>A small line diff (LCS) rendered like <c>diff -u</c>, for assertion messages.</summary>
public static class TextDiff
{
    /// <summary>
    /// Unified-looking diff of <paramref name="expected"/> (lines prefixed '-') and <paramref name="actual"/>
    /// ('+'), with <paramref name="context"/> lines of context; empty when the texts are equal.
    /// </summary>
    public static string Unified(string expected, string actual, string expectedLabel = "expected", string actualLabel = "actual", int context = 3)
    {
        if (expected == actual)
        {
            return "";
        }

        var a = SplitLines(expected);
        var b = SplitLines(actual);
        var ops = Diff(a, b);
        var sb = new StringBuilder();
        sb.Append("--- ").Append(expectedLabel).Append('\n');
        sb.Append("+++ ").Append(actualLabel).Append('\n');

        // group into hunks: changes plus `context` equal lines around them
        var i = 0;
        while (i < ops.Count)
        {
            if (ops[i].Kind == ' ')
            {
                i++;
                continue;
            }

            var start = Math.Max(0, i - context);
            var end = i;
            var lastChange = i;
            while (end < ops.Count)
            {
                if (ops[end].Kind != ' ')
                {
                    lastChange = end;
                }
                else if (end - lastChange > 2 * context)
                {
                    break;
                }

                end++;
            }

            end = Math.Min(ops.Count, lastChange + context + 1);
            var aStart = ops[start].A + 1;
            var bStart = ops[start].B + 1;
            var aCount = ops.Skip(start).Take(end - start).Count(o => o.Kind != '+');
            var bCount = ops.Skip(start).Take(end - start).Count(o => o.Kind != '-');
            sb.Append($"@@ -{aStart},{aCount} +{bStart},{bCount} @@\n");
            for (var k = start; k < end; k++)
            {
                sb.Append(ops[k].Kind).Append(ops[k].Text).Append('\n');
            }

            i = end;
        }

        if (expected.EndsWith('\n') != actual.EndsWith('\n'))
        {
            sb.Append("\\ (the texts differ in their final newline)\n");
        }

        return sb.ToString();
    }

    private static string[] SplitLines(string s)
    {
        if (s.Length == 0)
        {
            return Array.Empty<string>();
        }

        var t = s.EndsWith('\n') ? s[..^1] : s;
        return t.Split('\n');
    }

    private readonly record struct Op(char Kind, string Text, int A, int B);

    private static List<Op> Diff(string[] a, string[] b)
    {
        // classic LCS table; outputs compared here are at most a few thousand lines
        var n = a.Length;
        var m = b.Length;
        var lcs = new int[n + 1, m + 1];
        for (var i = n - 1; i >= 0; i--)
        {
            for (var j = m - 1; j >= 0; j--)
            {
                lcs[i, j] = a[i] == b[j] ? lcs[i + 1, j + 1] + 1 : Math.Max(lcs[i + 1, j], lcs[i, j + 1]);
            }
        }

        var ops = new List<Op>();
        int x = 0, y = 0;
        while (x < n || y < m)
        {
            if (x < n && y < m && a[x] == b[y])
            {
                ops.Add(new Op(' ', a[x], x, y));
                x++;
                y++;
            }
            else if (x < n && (y == m || lcs[x + 1, y] >= lcs[x, y + 1]))
            {
                ops.Add(new Op('-', a[x], x, y));   // deletions first, as diff -u prints them
                x++;
            }
            else
            {
                ops.Add(new Op('+', b[y], x, y));
                y++;
            }
        }

        return ops;
    }
}
