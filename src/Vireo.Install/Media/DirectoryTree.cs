namespace Vireo.Install.Media;

/// <summary>A local directory holding an install tree.</summary>
public sealed class DirectoryTree(string root) : ITreeSource
{
    public Task<bool> ExistsAsync(string relativePath) => Task.FromResult(File.Exists(Path.Combine(root, relativePath)));

    public Task CopyToAsync(string relativePath, string destination)
    {
        File.Copy(Path.Combine(root, relativePath), destination, overwrite: true);
        return Task.CompletedTask;
    }

    public void Dispose()
    {
    }
}
