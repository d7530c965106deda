namespace Vireo.Storage.Tests;

/// <summary>A loop device over a sparse temp image file, detached (and the file removed) on dispose.</summary>
public sealed class LoopDevice : IDisposable
{
    public LoopDevice(string dir, long size)
    {
        ImagePath = Path.Combine(dir, "loop-" + Guid.NewGuid().ToString("N")[..8] + ".img");
        using (var f = File.Create(ImagePath))
            f.SetLength(size);
        var (code, output) = StorageTestBed.Run("losetup", "-f", "--show", ImagePath);
        if (code != 0)
            throw new InvalidOperationException("losetup failed: " + output);
        Device = output.Trim();
    }

    public string ImagePath { get; }
    public string Device { get; }

    public void Dispose()
    {
        StorageTestBed.Run("losetup", "-d", Device);
        File.Delete(ImagePath);
    }
}

/// <summary>A test that needs root and loop devices (losetup); skipped with the reason otherwise.</summary>
public sealed class LoopFactAttribute : FactAttribute
{
    public LoopFactAttribute()
    {
        if (Environment.UserName != "root" && !string.Equals(Environment.GetEnvironmentVariable("USER"), "root", StringComparison.Ordinal) && geteuid() != 0)
            Skip = "needs root to attach loop devices and mount file systems";
        else if (!File.Exists("/dev/loop-control"))
            Skip = "this kernel offers no loop devices (/dev/loop-control missing)";
    }

    [System.Runtime.InteropServices.DllImport("libc")]
    private static extern uint geteuid();
}
