namespace Vireo.Storage.Backends;

/// <summary>The pool types this driver can run, by name.</summary>
internal static class Backends
{
    public static PoolBackend? For(string type) => type switch
    {
        "dir" => new DirBackend(),
        "fs" => new FsBackend(),
        "netfs" => new NetfsBackend(),
        "logical" => new LogicalBackend(),
        _ => null,
    };
}
