namespace Vireo.Install.Media;

/// <summary>An ISO 9660 image holding an install tree, read with <see cref="Iso9660Reader"/>.</summary>
public sealed class IsoTree(string path) : ITreeSource
{
    private readonly Iso9660Reader _iso = Iso9660Reader.Open(path);

    public Task<bool> ExistsAsync(string relativePath) => Task.FromResult(_iso.Find(relativePath) != null);

    public async Task CopyToAsync(string relativePath, string destination)
    {
        var entry = _iso.Find(relativePath) ?? throw new InstallException($"'{relativePath}' is not on the ISO");
        await using var output = File.Create(destination);
        _iso.CopyTo(entry, output);
    }

    public void Dispose() => _iso.Dispose();
}
