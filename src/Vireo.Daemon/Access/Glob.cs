namespace Vireo.Daemon.Access;

/// <summary>
/// Shell-style wildcard matching (fnmatch without flags), as libvirt uses for tls_allowed_dn_list and
/// sasl_allowed_username_list: <c>*</c> any run of characters, <c>?</c> one character, <c>[abc]</c>/<c>[a-z]</c>/<c>[!x]</c> a set.
/// </summary>
public static class Glob
{
    public static bool IsMatch(string pattern, string text) => Match(pattern, 0, text, 0);

    private static bool Match(string p, int pi, string t, int ti)
    {
        while (pi < p.Length)
        {
            char c = p[pi];
            if (c == '*')
            {
                while (pi < p.Length && p[pi] == '*') pi++;
                if (pi == p.Length) return true;
                for (int k = ti; k <= t.Length; k++)
                    if (Match(p, pi, t, k)) return true;
                return false;
            }
            if (ti == t.Length) return false;
            if (c == '?') { pi++; ti++; continue; }
            if (c == '[' && SetEnd(p, pi) is int end and > 0)
            {
                if (!InSet(p, pi + 1, end, t[ti])) return false;
                pi = end + 1;
                ti++;
                continue;
            }
            if (c == '\\' && pi + 1 < p.Length) c = p[++pi];
            if (c != t[ti]) return false;
            pi++;
            ti++;
        }
        return ti == t.Length;
    }

    /// <summary>Index of the ']' closing a set that opens at <paramref name="open"/>, or -1 (then '[' is literal).</summary>
    private static int SetEnd(string p, int open)
    {
        int i = open + 1;
        if (i < p.Length && p[i] == '!') i++;
        if (i < p.Length && p[i] == ']') i++;
        while (i < p.Length && p[i] != ']') i++;
        return i < p.Length ? i : -1;
    }

    private static bool InSet(string p, int from, int end, char ch)
    {
        bool negate = p[from] == '!';
        if (negate) from++;
        bool found = false;
        for (int i = from; i < end; i++)
        {
            if (i + 2 < end && p[i + 1] == '-')
            {
                if (ch >= p[i] && ch <= p[i + 2]) found = true;
                i += 2;
            }
            else if (p[i] == ch) found = true;
        }
        return found != negate;
    }
}
