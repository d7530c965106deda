namespace Vireo.Drivers.Qemu.Tests.Support;

/// <summary>A temporary directory removed on dispose. Short paths: unix socket paths are limited to 108 bytes.</summary>
public sealed class TempDir : IDisposable
{
    public TempDir() => Path = Directory.CreateTempSubdirectory("vq-").FullName;

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
