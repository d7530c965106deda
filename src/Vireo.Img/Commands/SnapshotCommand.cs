using Vireo.Images.Qcow2;

namespace Vireo.Img.Commands;

/// <summary>vireo-img snapshot [-l | -a snapshot | -c snapshot | -d snapshot] [-q] [-f fmt] filename</summary>
internal static class SnapshotCommand
{
    public static int Run(string[] argv, TextWriter stdout)
    {
        var a = Args.Parse(argv, new[] { "f", "a", "c", "d", "object" }, new[] { "l", "q", "U", "force-share", "image-opts", "h", "help" });
        if (a.Positional.Count != 1)
            throw new UsageException("Expecting one image file name");
        int actions = (a.Has("l") ? 1 : 0) + (a.Has("a") ? 1 : 0) + (a.Has("c") ? 1 : 0) + (a.Has("d") ? 1 : 0);
        if (actions > 1)
            throw new UsageException("Cannot mix '-l', '-a', '-c', '-d'");
        bool list = actions == 0 || a.Has("l");
        string path = a.Positional[0];
        using var img = Program.OpenImage(path, a.Get("f"), writable: !list, backing: false);
        if (img is not Qcow2Image q)
            throw new UsageException($"Could not {(list ? "list" : "change")} snapshots: '{path}' is not a qcow2 image");
        try
        {
            if (list)
            {
                var info = ImageInfo.Read(path, "qcow2");
                if (info.Snapshots.Count > 0)
                {
                    // the same table info prints
                    var human = info.ToHuman();
                    int start = human.IndexOf("Snapshot list:\n", StringComparison.Ordinal);
                    int end = human.IndexOf("Format specific information:", StringComparison.Ordinal);
                    stdout.Write(human[start..(end < 0 ? human.Length : end)]);
                }
            }
            else if (a.Get("c") is { } c)
            {
                q.CreateSnapshot(c);
            }
            else if (a.Get("a") is { } ap)
            {
                q.ApplySnapshot(ap);
            }
            else if (a.Get("d") is { } d)
            {
                q.DeleteSnapshot(d);
            }
        }
        catch (ArgumentException e)
        {
            throw new UsageException(e.Message);
        }
        return 0;
    }
}
