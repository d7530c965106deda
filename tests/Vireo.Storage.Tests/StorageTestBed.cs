using System.Diagnostics;
using Vireo.Drivers.Events;
using Vireo.Drivers.Storage;

namespace Vireo.Storage.Tests;

/// <summary>A storage driver over a fresh temp root (ETC, LIB, RUN inside it) plus helpers the tests share.</summary>
public sealed class StorageTestBed : IDisposable
{
    public StorageTestBed()
    {
        Root = Directory.CreateTempSubdirectory("vireo-storage-").FullName;
        Paths = new StoragePaths(Path.Combine(Root, "etc"), Path.Combine(Root, "lib"), Path.Combine(Root, "run"));
        Events = new EventBus();
        Driver = NewDriver();
    }

    public string Root { get; }
    public StoragePaths Paths { get; }
    public EventBus Events { get; }
    public StorageDriver Driver { get; private set; }

    /// <summary>A second driver over the same directories, as a restarted daemon would load it.</summary>
    public StorageDriver Restart()
    {
        Driver = NewDriver();
        return Driver;
    }

    private StorageDriver NewDriver()
    {
        var d = new StorageDriver(Paths, Events);
        d.LoadAsync().GetAwaiter().GetResult();
        return d;
    }

    public string PoolDir(string name) => Path.Combine(Root, "pools", name);

    /// <summary>Defines, builds and starts a dir pool at <see cref="PoolDir"/>.</summary>
    public async Task<StoragePoolRef> StartDirPoolAsync(string name)
    {
        var pool = await Driver.DefinePoolXmlAsync($"<pool type='dir'><name>{name}</name><target><path>{PoolDir(name)}</path></target></pool>", 0);
        await Driver.BuildPoolAsync(pool, 0);
        await Driver.CreatePoolAsync(pool, 0);
        return pool;
    }

    public static string VolXml(string name, ulong capacity, string? format = null, ulong? allocation = null, string? backing = null, string? backingFormat = null) =>
        $"<volume><name>{name}</name><capacity>{capacity}</capacity>"
        + (allocation is { } a ? $"<allocation>{a}</allocation>" : "")
        + (format is null ? "" : $"<target><format type='{format}'/></target>")
        + (backing is null ? "" : $"<backingStore><path>{backing}</path>" + (backingFormat is null ? "" : $"<format type='{backingFormat}'/>") + "</backingStore>")
        + "</volume>";

    /// <summary>Runs a host tool and returns (exit code, stdout + stderr).</summary>
    public static (int Code, string Output) Run(string exe, params string[] args)
    {
        var psi = new ProcessStartInfo(exe) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args)
            psi.ArgumentList.Add(a);
        psi.Environment["LVM_SUPPRESS_FD_WARNINGS"] = "1";
        using var p = Process.Start(psi)!;
        var err = p.StandardError.ReadToEndAsync();
        var output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, output + err.Result);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
