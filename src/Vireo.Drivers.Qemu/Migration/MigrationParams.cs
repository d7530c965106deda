using Vireo.Protocol.Remote;

namespace Vireo.Drivers.Qemu.Migration;

/// <summary>Reading VIR_MIGRATE_PARAM_* typed parameters.</summary>
internal static class MigrationParams
{
    public const string Uri = "migrate_uri", DestName = "destination_name", DestXml = "destination_xml", PersistXml = "persistent_xml",
        Bandwidth = "bandwidth", ListenAddress = "listen_address", MigrateDisks = "migrate_disks", DisksPort = "disks_port",
        ParallelConnections = "parallel.connections", AutoConvergeInitial = "auto_converge.initial",
        AutoConvergeIncrement = "auto_converge.increment", XbzrleCache = "compression.xbzrle.cache";

    public static string? Str(IReadOnlyList<TypedParameter> p, string name) =>
        p.LastOrDefault(x => x.Field == name && x.Type == TypedParameterType.String)?.StringValue;

    public static IReadOnlyList<string> Strs(IReadOnlyList<TypedParameter> p, string name) =>
        p.Where(x => x.Field == name && x.Type == TypedParameterType.String).Select(x => x.StringValue ?? "").ToList();

    public static long? Num(IReadOnlyList<TypedParameter> p, string name) =>
        p.LastOrDefault(x => x.Field == name && x.Type != TypedParameterType.String && x.Type != TypedParameterType.Double)?.IntegerValue;

    /// <summary>Refuses parameters this driver does not know, as libvirt's virTypedParamsValidate does.</summary>
    public static void Validate(IReadOnlyList<TypedParameter> p)
    {
        string[] known = [Uri, DestName, DestXml, PersistXml, Bandwidth, ListenAddress, MigrateDisks, DisksPort, ParallelConnections,
            AutoConvergeInitial, AutoConvergeIncrement, XbzrleCache, "graphics_uri", "disks_uri", "compression", "bandwidth.postcopy", "tls.destination"];
        foreach (var x in p)
            if (!known.Contains(x.Field))
                throw QemuErrors.InvalidArg($"parameter '{x.Field}' not supported");
    }

    /// <summary>
    /// "tcp://host:port", "tcp:host:port" or "tcp://host" → (host, port or 0). IPv6 hosts come in brackets.
    /// </summary>
    public static (string Host, int Port) ParseTcpUri(string uri)
    {
        string rest;
        if (uri.StartsWith("tcp://", StringComparison.Ordinal)) rest = uri[6..].TrimEnd('/');
        else if (uri.StartsWith("tcp:", StringComparison.Ordinal)) rest = uri[4..];
        else throw QemuErrors.InvalidArg($"unsupported scheme in migration URI {uri}");
        string host = rest;
        int port = 0;
        int colon = rest.LastIndexOf(':');
        int bracket = rest.LastIndexOf(']');
        if (colon > bracket && colon >= 0)
        {
            host = rest[..colon];
            if (!int.TryParse(rest[(colon + 1)..], System.Globalization.CultureInfo.InvariantCulture, out port) || port is < 0 or > 65535)
                throw QemuErrors.InvalidArg($"malformed migration URI {uri}");
        }
        if (host.Length == 0)
            throw QemuErrors.InvalidArg($"migration URI {uri} has no host");
        return (host, port);
    }
}
