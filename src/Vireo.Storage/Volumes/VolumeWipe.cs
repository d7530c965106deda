using Vireo.Storage.Host;

namespace Vireo.Storage.Volumes;

/// <summary>
/// vol-wipe. The zero algorithm overwrites every byte of the file or device with zeroes, as libvirt does (for a
/// qcow2 file that includes its header: the volume reads as raw zeroes afterwards). The pattern algorithms run
/// scrub(1) like libvirt; "trim" is refused.
/// </summary>
internal static class VolumeWipe
{
    private static readonly string[] Algorithms = ["zero", "nnsa", "dod", "bsi", "gutmann", "schneier", "pfitzner7", "pfitzner33", "random", "trim"];

    public static async Task WipeAsync(string path, uint algorithm)
    {
        if (algorithm >= Algorithms.Length)
            throw StorageErrors.InvalidArg($"wiping algorithm {algorithm} not supported");
        if (algorithm == 0)
        {
            await ZeroAsync(path).ConfigureAwait(false);
            return;
        }
        if (Algorithms[algorithm] == "trim")
            throw StorageErrors.Unsupported("'trim' algorithm not supported");
        await HostCommand.RunCheckedAsync(["scrub", "-f", "-p", Algorithms[algorithm], path]).ConfigureAwait(false);
    }

    private static async Task ZeroAsync(string path)
    {
        try
        {
            await using var fs = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite, 1, FileOptions.Asynchronous);
            long length = FileStatus.Get(path) is { IsBlockDevice: true } ? fs.Seek(0, SeekOrigin.End) : fs.Length;
            var zero = new byte[1 << 20];
            for (long at = 0; at < length; at += zero.Length)
                await RandomAccess.WriteAsync(fs.SafeFileHandle, zero.AsMemory(0, (int)Math.Min(zero.Length, length - at)), at).ConfigureAwait(false);
            fs.Flush(flushToDisk: true);
        }
        catch (IOException e)
        {
            throw StorageErrors.System($"cannot wipe volume '{path}'", e);
        }
    }
}
