using System.Text;
using Xunit.Sdk;

namespace Vireo.Model.Tests;

/// <summary>Text equality with a readable line diff on failure.</summary>
public static class XmlAssert
{
    public static void Equal(string expected, string actual)
    {
        if (expected == actual)
            return;
        var e = expected.Split('\n');
        var a = actual.Split('\n');
        // Longest common subsequence of lines, then walk it to print a unified-style diff.
        var lcs = new int[e.Length + 1, a.Length + 1];
        for (int i = e.Length - 1; i >= 0; i--)
            for (int j = a.Length - 1; j >= 0; j--)
                lcs[i, j] = e[i] == a[j] ? lcs[i + 1, j + 1] + 1 : Math.Max(lcs[i + 1, j], lcs[i, j + 1]);
        var sb = new StringBuilder("XML differs (- expected, + actual):\n");
        int x = 0, y = 0, shown = 0;
        while ((x < e.Length || y < a.Length) && shown < 60)
        {
            if (x < e.Length && y < a.Length && e[x] == a[y])
            {
                x++;
                y++;
            }
            else if (y < a.Length && (x == e.Length || lcs[x, y + 1] >= lcs[x + 1, y]))
            {
                sb.Append($"+{y + 1,4}: ").Append(a[y++]).Append('\n');
                shown++;
            }
            else
            {
                sb.Append($"-{x + 1,4}: ").Append(e[x++]).Append('\n');
                shown++;
            }
        }
        throw new XunitException(sb.ToString());
    }
}
