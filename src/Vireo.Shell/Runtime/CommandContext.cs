using System.Text.Json.Serialization.Metadata;
using Vireo.Client.Api;
using Vireo.Protocol.Errors;
using Vireo.Shell.Definitions;
using Vireo.Shell.Parsing;

namespace Vireo.Shell.Runtime;

/// <summary>virsh's lookup flags (virshLookupByFlags): which ways a name may identify an object.</summary>
[Flags]
public enum LookupBy
{
    Id = 1 << 1,
    Uuid = 1 << 2,
    Name = 1 << 3,
    All = Id | Uuid | Name,
}

/// <summary>
/// What a command handler works with: the parsed command, the session's output and connection, and virsh's option
/// accessors (vshCommandOpt*) with their exact error messages.
/// </summary>
public sealed partial class CommandContext(ShellSession session, ParsedCommand command)
{
    public ShellSession Session { get; } = session;

    public ParsedCommand Command { get; } = command;

    /// <summary>The connection (present: the runner connects before calling a handler that needs one).</summary>
    public Connection Conn => Session.Connection ?? throw new InvalidOperationException("command run without a connection");

    public ShellOutput Out => Session.Output;

    public bool Json => Session.Json;

    public void Print(string text) => Out.Print(text);

    public void PrintExtra(string text) => Out.PrintExtra(text);

    public void Error(string message) => Out.Error(message);

    /// <summary>Remembers a libvirt error to print when the command fails (virsh's error handler).</summary>
    public void Save(LibvirtException e) => Session.LastError = e;

    /// <summary>vshResetLibvirtError.</summary>
    public void ResetError() => Session.LastError = null;

    /// <summary>Prints <paramref name="value"/> as JSON (indented, one document, trailing newline).</summary>
    public void PrintJson<T>(T value, JsonTypeInfo<T> type) =>
        Print(System.Text.Json.JsonSerializer.Serialize(value, type) + "\n");

    // ---- option accessors -------------------------------------------------------------------------------

    /// <summary>vshCommandOptBool: the option was given.</summary>
    public bool Has(string name) => Command.Has(name);

    /// <summary>
    /// vshCommandOptStringReq: false (after "Failed to get option 'x': Option argument is empty") when the value
    /// is empty and the option does not allow it; otherwise true with the value (null when absent).
    /// </summary>
    public bool TryString(string name, out string? value)
    {
        value = Command.Raw(name);
        if (value is null) return true;
        var def = Command.Def.FindOption(name);
        if (value.Length == 0 && def is not null && !def.Flags.HasFlag(OptionFlags.EmptyOk))
        {
            Error($"Failed to get option '{name}': Option argument is empty");
            value = null;
            return false;
        }
        return true;
    }

    /// <summary>vshCommandOptStringQuiet: 1 = present, 0 = absent, -1 = empty where not allowed (no message).</summary>
    public int StringQuiet(string name, out string? value)
    {
        value = Command.Raw(name);
        if (value is null) return 0;
        var def = Command.Def.FindOption(name);
        if (value.Length == 0 && def is not null && !def.Flags.HasFlag(OptionFlags.EmptyOk))
        {
            value = null;
            return -1;
        }
        return 1;
    }

    private int Numeric<T>(string name, out T value, Func<string, (bool Ok, T Value)> parse)
    {
        value = default!;
        var raw = Command.Raw(name);
        if (raw is null) return 0;
        var (ok, v) = parse(raw);
        if (!ok)
        {
            Error($"Numeric value '{raw}' for <{name}> option is malformed or out of range");
            return -1;
        }
        value = v;
        return 1;
    }

    /// <summary>vshCommandOptInt: 1 = parsed, 0 = absent, -1 = malformed (reported).</summary>
    public int OptInt(string name, out int value) =>
        Numeric(name, out value, s => (CNumber.TryInt(s, out int v), v));

    /// <summary>vshCommandOptUInt (wrap = vshCommandOptUIntWrap, which accepts "-1").</summary>
    public int OptUInt(string name, out uint value, bool wrap = false) =>
        Numeric(name, out value, s => (CNumber.TryUInt(s, out uint v, positiveOnly: !wrap), v));

    /// <summary>vshCommandOptULongLong (wrap accepts negative numbers).</summary>
    public int OptULong(string name, out ulong value, bool wrap = false) =>
        Numeric(name, out value, s => (CNumber.TryULong(s, out ulong v, positiveOnly: !wrap), v));

    /// <summary>vshCommandOptLongLong.</summary>
    public int OptLong(string name, out long value) =>
        Numeric(name, out value, s => (CNumber.TryLong(s, out long v), v));

    /// <summary>
    /// vshCommandOptScaledInt: a size with an optional unit (b, k/KiB, KB, M, MiB, G ...), <paramref name="scale"/>
    /// applying when there is no unit; the result is in bytes and at most <paramref name="max"/>.
    /// </summary>
    public int OptScaled(string name, out ulong value, ulong scale, ulong max)
    {
        value = 0;
        var raw = Command.Raw(name);
        if (raw is null) return 0;
        LibvirtException? problem = null;
        if (!CNumber.TryULongWithSuffix(raw, out ulong v, out string suffix) || !SizeUnits.TryScale(ref v, suffix, scale, max, out problem))
        {
            Error($"Scaled numeric value '{raw}' for <{name}> option is malformed or out of range");
            if (problem is not null) Save(problem);
            return -1;
        }
        value = v;
        return 1;
    }

    /// <summary>vshCommandOptTimeoutToMs: --timeout in seconds, returned in milliseconds.</summary>
    public int OptTimeoutMs(out int milliseconds)
    {
        milliseconds = 0;
        int rc = OptUInt("timeout", out uint seconds);
        if (rc <= 0) return rc;
        if (seconds == 0 || seconds > int.MaxValue / 1000)
        {
            Error($"Numeric value '{seconds}' for <timeout> option is malformed or out of range");
            return -1;
        }
        milliseconds = (int)seconds * 1000;
        return rc;
    }

    /// <summary>VSH_EXCLUSIVE_OPTIONS: false (reported) when both options are given.</summary>
    public bool Exclusive(string a, string b) => ExclusiveVar(a, Has(a), b, Has(b));

    /// <summary>VSH_EXCLUSIVE_OPTIONS_EXPR.</summary>
    public bool ExclusiveVar(string a, bool va, string b, bool vb)
    {
        if (va && vb)
        {
            Error($"Options --{a} and --{b} are mutually exclusive");
            return false;
        }
        return true;
    }

    /// <summary>VSH_REQUIRE_OPTION: false (reported) when <paramref name="option"/> is given without <paramref name="required"/>.</summary>
    public bool Require(string option, string required) => RequireVar(option, Has(option), required, Has(required));

    /// <summary>VSH_REQUIRE_OPTION_EXPR.</summary>
    public bool RequireVar(string option, bool given, string required, bool present)
    {
        if (given && !present)
        {
            Error($"Option --{required} is required by option --{option}");
            return false;
        }
        return true;
    }

    /// <summary>Reads a file the way virFileReadAll does (errors worded like libvirt's), saving the error.</summary>
    public string? ReadFile(string path)
    {
        try
        {
            return FileText.ReadAll(path);
        }
        catch (LibvirtException e)
        {
            Save(e);
            return null;
        }
    }
}
