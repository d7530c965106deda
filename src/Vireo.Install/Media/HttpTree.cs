namespace Vireo.Install.Media;

/// <summary>An install tree on an HTTP(S) server; downloads show a progress bar on a terminal.</summary>
public sealed class HttpTree(string baseUrl, TextWriter stdout) : ITreeSource
{
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromMinutes(30) };
    private readonly string _base = baseUrl.EndsWith('/') ? baseUrl : baseUrl + "/";

    public async Task<bool> ExistsAsync(string relativePath)
    {
        if (_base.StartsWith("ftp://", StringComparison.Ordinal))
            throw new InstallException($"Error validating install location: Opening URL {_base} failed: ftp install trees are not supported by vireo-install");
        try
        {
            using var req = new HttpRequestMessage(HttpMethod.Head, _base + relativePath);
            using var resp = await _http.SendAsync(req);
            return resp.IsSuccessStatusCode;
        }
        catch (HttpRequestException e)
        {
            throw new InstallException($"Error validating install location: Opening URL {_base} failed: {e.Message}");
        }
    }

    public async Task CopyToAsync(string relativePath, string destination)
    {
        var url = _base + relativePath;
        using var resp = await _http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead);
        resp.EnsureSuccessStatusCode();
        var total = resp.Content.Headers.ContentLength;
        await using var input = await resp.Content.ReadAsStreamAsync();
        await using var output = File.Create(destination);
        var bar = new ProgressBar(stdout, "Retrieving '" + Path.GetFileName(relativePath) + "'", total);
        var buffer = new byte[1 << 16];
        long done = 0;
        int n;
        while ((n = await input.ReadAsync(buffer)) > 0)
        {
            await output.WriteAsync(buffer.AsMemory(0, n));
            done += n;
            bar.Report(done);
        }

        bar.Finish(done);
    }

    public void Dispose() => _http.Dispose();
}
