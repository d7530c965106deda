namespace Vireo.Shell.Parsing;

/// <summary>vshCommandToken: what the tokenizer found next.</summary>
public enum TokenKind
{
    /// <summary>A syntax error (already reported).</summary>
    Error,
    /// <summary>An argument (possibly empty or an option).</summary>
    Arg,
    /// <summary>';' or a newline: the next command starts.</summary>
    CommandEnd,
    /// <summary>No more input.</summary>
    End,
}

/// <summary>Produces the words of a command line, one at a time.</summary>
public interface ITokenSource
{
    /// <summary>Reads the next token; <paramref name="report"/> = print syntax errors.</summary>
    TokenKind Next(out string? token, bool report);
}

/// <summary>vshCommandArgvGetArg: arguments already split by the shell (<c>vsh list --all</c>).</summary>
public sealed class ArgvTokenSource(IReadOnlyList<string> args) : ITokenSource
{
    private int _pos;

    public TokenKind Next(out string? token, bool report)
    {
        if (_pos == args.Count)
        {
            token = null;
            return TokenKind.End;
        }
        token = args[_pos++];
        return TokenKind.Arg;
    }
}

/// <summary>
/// vshCommandStringGetArg: splits one command string the way virsh does: blanks separate words, ';' and newline
/// separate commands, '#' starts a comment, '...' quotes literally, "..." quotes with backslash escapes, a
/// backslash escapes the next character and backslash-newline is elided.
/// </summary>
public sealed class StringTokenSource(string text, Action<string> error) : ITokenSource
{
    private int _pos;

    public TokenKind Next(out string? token, bool report)
    {
        token = null;
        string s = text;
        int p = _pos;
        while (p < s.Length && (s[p] is ' ' or '\t' || s[p] == '\\' && p + 1 < s.Length && s[p + 1] == '\n'))
            p += s[p] == '\\' ? 2 : 1;
        if (p >= s.Length)
        {
            _pos = p;
            return TokenKind.End;
        }
        if (s[p] is ';' or '\n')
        {
            _pos = p + 1;
            return TokenKind.CommandEnd;
        }
        if (s[p] == '#')
        {
            while (p < s.Length && s[p] != '\n') p++;
            _pos = p < s.Length ? p + 1 : p;
            return TokenKind.CommandEnd;
        }

        var sb = new System.Text.StringBuilder();
        bool single = false, dbl = false;
        while (p < s.Length)
        {
            char c = s[p];
            if (!dbl && !single && c is ' ' or '\t' or ';' or '\n') break;
            if (!dbl && c == '\'')
            {
                single = !single;
                p++;
                continue;
            }
            if (!single && c == '\\')
            {
                p++;
                if (p >= s.Length)
                {
                    if (report) error("dangling \\");
                    return TokenKind.Error;
                }
                if (s[p] == '\n')
                {
                    p++;
                    continue;
                }
            }
            else if (!single && c == '"')
            {
                dbl = !dbl;
                p++;
                continue;
            }
            sb.Append(s[p++]);
        }
        if (dbl && report)
        {
            error("missing \"");
            return TokenKind.Error;
        }
        _pos = p;
        token = sb.ToString();
        return TokenKind.Arg;
    }
}
