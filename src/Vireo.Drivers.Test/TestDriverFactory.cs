using System.Collections.Concurrent;
using Vireo.Protocol.Errors;

namespace Vireo.Drivers.Test;

/// <summary>
/// Opens the in-memory test driver. test:///default is one instance for the daemon's lifetime (unlike libvirt,
/// it does not reset when its last connection closes); test:///ABSOLUTE/PATH.xml loads that node file once and
/// shares the instance among every connection to the same path.
/// </summary>
public sealed class TestDriverFactory : IDriverFactory
{
    private readonly Lazy<TestConnection> _default = new(TestConnection.CreateDefault, LazyThreadSafetyMode.ExecutionAndPublication);
    private readonly ConcurrentDictionary<string, Lazy<TestConnection>> _files = new(StringComparer.Ordinal);

    public string Scheme => "test";

    public IConnectionDriver Open(Uri uri)
    {
        string path = Uri.UnescapeDataString(uri.AbsolutePath);
        if (path.Length == 0 || path == "/")
            throw TestErrors.InvalidArg("testOpen: supply a path or use test:///default");
        if (path == "/default")
            return _default.Value;
        var lazy = _files.GetOrAdd(path, p => new Lazy<TestConnection>(() => TestConnection.CreateFromFile(p), LazyThreadSafetyMode.ExecutionAndPublication));
        try
        {
            return lazy.Value;
        }
        catch (LibvirtException)
        {
            // A file that failed to load may be fixed and opened again.
            _files.TryRemove(new KeyValuePair<string, Lazy<TestConnection>>(path, lazy));
            throw;
        }
    }
}
