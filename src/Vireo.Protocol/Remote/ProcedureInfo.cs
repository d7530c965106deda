namespace Vireo.Protocol.Remote;

/// <summary>Whether libvirtd may run a call in its priority pool (never blocks on a hypervisor).</summary>
public enum ProcedurePriority { Low, High }

/// <summary>What a read-only connection may do with a procedure (virCheckReadOnlyGoto in libvirt).</summary>
public enum ReadOnlyRule
{
    /// <summary>Allowed on a read-only connection.</summary>
    Allow,
    /// <summary>Always refused on a read-only connection.</summary>
    Deny,
    /// <summary>Refused when a flag asks for secrets or guest-agent access (e.g. dumpxml --security-info).</summary>
    DenyIfFlag,
    /// <summary>Not a call a client makes (events are messages the server sends).</summary>
    NotACall,
}

/// <summary>Direction of a stream attached to a call.</summary>
public enum StreamDirection { None, Read, Write }

/// <summary>Metadata libvirt declares for each procedure in remote_protocol.x.</summary>
public sealed record ProcedureInfo(RemoteProcedure Procedure, string Name, ProcedurePriority Priority, ReadOnlyRule ReadOnly, StreamDirection Stream, string Acl)
{
    /// <summary>
    /// The public API name libvirt uses in its "read only access prevents virXxx" message,
    /// e.g. REMOTE_PROC_DOMAIN_DESTROY → virDomainDestroy, CONNECT_* → virConnect*.
    /// </summary>
    public string ApiName
    {
        get
        {
            var words = Name["REMOTE_PROC_".Length..].Split('_');
            // libvirt spells these acronyms in capitals: virDomainDefineXML, virDomainLookupByUUID, virDomainLookupByID.
            return "vir" + string.Concat(words.Select(w => w switch
            {
                "XML" or "UUID" or "ID" or "CPU" => w,
                "" => w,
                _ => char.ToUpperInvariant(w[0]) + w[1..].ToLowerInvariant(),
            }));
        }
    }
}

public static partial class RemoteProcedureTable
{
    // Lazy: static fields of partial classes initialize in file order, and Entries lives in the generated file.
    private static Dictionary<int, ProcedureInfo>? _byNumber;

    /// <summary>Metadata of a procedure number, or null when libvirt 9.0 has no such procedure.</summary>
    public static ProcedureInfo? Find(int number) =>
        (_byNumber ??= Entries.ToDictionary(e => (int)e.Procedure)).GetValueOrDefault(number);

    public static IReadOnlyCollection<ProcedureInfo> All => Entries;
}
