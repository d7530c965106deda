namespace Vireo.Images.Qcow2;

public sealed partial class Qcow2Image
{
    /// <summary>Records a new backing file name and format in the header (nothing else changes: rebase -u).
    /// A null name removes the backing file.</summary>
    public void SetBackingFile(string? name, string? format)
    {
        lock (gate)
        {
            CheckWritable();
            if (name != null && System.Text.Encoding.UTF8.GetByteCount(name) > ImageLimits.MaxBackingFileName)
                throw new ArgumentException($"{Path}: backing file name is longer than {ImageLimits.MaxBackingFileName} bytes");
            FlushCore(sync: false);
            extensions.BackingFile = name;
            extensions.BackingFormatName = name == null ? null : format;
            WriteHeader();
            FlushCore(sync: true);
        }
    }

    /// <summary>The header names a backing file (whether or not it was opened).</summary>
    private bool HasBackingFile => Backing != null || BackingFileName != null;

    /// <summary>Guest clusters not allocated in this image (they read from the backing file), as byte ranges.</summary>
    public List<(long Start, long Length)> UnallocatedRanges()
    {
        var list = new List<(long, long)>();
        foreach (var e in GetAllocationMap(0, VirtualSize))
            if (e.Kind == AllocationKind.Unallocated)
                list.Add((e.Start, e.Length));
        return list;
    }
}
