using System.Text.Json;
using Vireo.Web.Api;

namespace Vireo.Web.Hosts;

/// <summary>A saved connection: what the Add Connection dialog asked for.</summary>
public sealed record SavedConnection(string Uri, bool ReadOnly);

/// <summary>Preferences (16.8) and the saved connections, kept in a JSON file beside the users file.</summary>
public sealed record SettingsData(int PollSeconds, List<SavedConnection> Connections);

/// <summary>Loads and atomically saves <see cref="SettingsData"/>.</summary>
public sealed class WebSettings(string path)
{
    private readonly Lock _lock = new();

    public string Path { get; } = path;

    public SettingsData Load()
    {
        lock (_lock)
        {
            if (!File.Exists(Path))
                return new SettingsData(3, []);
            try
            {
                var data = JsonSerializer.Deserialize(File.ReadAllText(Path), WebJson.Default.SettingsData);
                return data ?? new SettingsData(3, []);
            }
            catch (JsonException)
            {
                return new SettingsData(3, []);
            }
        }
    }

    public void Save(SettingsData data)
    {
        lock (_lock)
        {
            var dir = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(Path))!;
            Directory.CreateDirectory(dir);
            var tmp = Path + ".tmp." + Environment.ProcessId;
            using (var fs = new FileStream(tmp, FileMode.Create, FileAccess.Write))
            {
                JsonSerializer.Serialize(fs, data, WebJson.Default.SettingsData);
                fs.Flush(flushToDisk: true);
            }
            File.Move(tmp, Path, overwrite: true);
        }
    }
}
