namespace Vireo.Pki;

/// <summary>The options every vireo-pki command shares.</summary>
public sealed class PkiOptions
{
    public string Root { get; private set; } = "/";
    public string? CaDir { get; private set; }
    public string? Out { get; private set; }
    public string? CommonName { get; private set; }
    public string Org { get; private set; } = "Vireo";
    public int? Days { get; private set; }
    public List<string> Hosts { get; } = [];
    public List<string> Positional { get; } = [];

    /// <summary>ROOT/etc/pki.</summary>
    public string PkiRoot => Path.Combine(Path.GetFullPath(Root), "etc", "pki");

    public static PkiOptions Parse(string[] args)
    {
        var o = new PkiOptions();
        for (int i = 0; i < args.Length; i++)
        {
            string a = args[i];
            string Value() => i + 1 < args.Length ? args[++i] : throw new PkiException($"option {a} needs a value");
            switch (a)
            {
                case "--root": o.Root = Value(); break;
                case "--ca-dir": o.CaDir = Value(); break;
                case "--out": o.Out = Value(); break;
                case "--cn": o.CommonName = Value(); break;
                case "--org": o.Org = Value(); break;
                case "--host": o.Hosts.AddRange(Value().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)); break;
                case "--days":
                    o.Days = int.TryParse(Value(), out int d) && d != 0 ? d : throw new PkiException($"--days: '{args[i]}' is not a non-zero number");
                    break;
                default:
                    if (a.StartsWith('-')) throw new PkiException($"unknown option '{a}'");
                    o.Positional.Add(a);
                    break;
            }
        }
        return o;
    }
}
