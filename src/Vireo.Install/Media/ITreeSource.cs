namespace Vireo.Install.Media;

/// <summary>An install tree files are read from: a directory, an ISO image, an HTTP/FTP URL.</summary>
public interface ITreeSource : IDisposable
{
    Task<bool> ExistsAsync(string relativePath);

    Task CopyToAsync(string relativePath, string destination);
}
