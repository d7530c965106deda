// virsh 9.0 "Storage Volume" commands (tools/virsh-*.c): names, help texts and options transcribed
// verbatim, so that 'help' and option parsing match virsh byte for byte. Do not reword.
namespace Vireo.Shell.Definitions;

internal static partial class CommandTable
{
    private static CommandDef[] StorageVolume() =>
    [
        new("vol-clone", "clone a volume.", "Clone an existing volume within the parent pool.",
        [
            Data("vol", Req, "vol name, key or path"),
            Data("newname", Req, "clone name"),
            Str("pool", None, "pool name or uuid"),
            Bool("prealloc-metadata", "preallocate metadata (for qcow2 instead of full allocation)"),
            Bool("reflink", "use btrfs COW lightweight copy"),
            Bool("print-xml", "print XML document rather than clone the volume"),
        ]),
        new("vol-create-as", "create a volume from a set of args", "Create a vol.",
        [
            Data("pool", Req, "pool name"),
            Data("name", Req, "name of the volume"),
            Data("capacity", Req, "size of the vol, as scaled integer (default bytes)"),
            Str("allocation", None, "initial allocation size, as scaled integer (default bytes)"),
            Str("format", None, "file format type raw,bochs,qcow,qcow2,qed,vmdk"),
            Str("backing-vol", None, "the backing volume if taking a snapshot"),
            Str("backing-vol-format", None, "format of backing volume if taking a snapshot"),
            Bool("prealloc-metadata", "preallocate metadata (for qcow2 instead of full allocation)"),
            Bool("print-xml", "print XML document, but don't define/create"),
        ]),
        new("vol-create", "create a vol from an XML file", "Create a vol.",
        [
            Data("pool", Req, "pool name"),
            Data("file", Req, "file containing an XML vol description"),
            Bool("prealloc-metadata", "preallocate metadata (for qcow2 instead of full allocation)"),
            Bool("validate", "validate the XML against the schema"),
        ]),
        new("vol-create-from", "create a vol, using another volume as input", "Create a vol from an existing volume.",
        [
            Data("pool", Req, "pool name or uuid"),
            Data("file", Req, "file containing an XML vol description"),
            Data("vol", Req, "vol name, key or path"),
            Str("inputpool", None, "pool name or uuid of the input volume's pool"),
            Bool("prealloc-metadata", "preallocate metadata (for qcow2 instead of full allocation)"),
            Bool("reflink", "use btrfs COW lightweight copy"),
            Bool("validate", "validate the XML against the schema"),
        ]),
        new("vol-delete", "delete a vol", "Delete a given vol.",
        [
            Data("vol", Req, "vol name, key or path"),
            Str("pool", None, "pool name or uuid"),
            Bool("delete-snapshots", "delete snapshots associated with volume (must be supported by storage driver)"),
        ]),
        new("vol-download", "download volume contents to a file", "Download volume contents to a file",
        [
            Data("vol", Req, "vol name, key or path"),
            Data("file", Req, "file"),
            Str("pool", None, "pool name or uuid"),
            Int("offset", None, "volume offset to download from"),
            Int("length", None, "amount of data to download"),
            Bool("sparse", "preserve sparseness of volume"),
        ]),
        new("vol-dumpxml", "vol information in XML", "Output the vol information as an XML dump to stdout.",
        [
            Data("vol", Req, "vol name, key or path"),
            Str("pool", None, "pool name or uuid"),
            Str("xpath", ReqOpt, "xpath expression to filter the XML document"),
            Bool("wrap", "wrap xpath results in an common root element"),
        ]),
        new("vol-info", "storage vol information", "Returns basic information about the storage vol.",
        [
            Data("vol", Req, "vol name, key or path"),
            Str("pool", None, "pool name or uuid"),
            Bool("bytes", "sizes are represented in bytes rather than pretty units"),
            Bool("physical", "return the physical size of the volume in allocation field"),
        ]),
        new("vol-key", "returns the volume key for a given volume name or path", "",
        [
            Data("vol", Req, "volume name or path"),
            Str("pool", None, "pool name or uuid"),
        ]),
        new("vol-list", "list vols", "Returns list of vols by pool.",
        [
            Data("pool", Req, "pool name or uuid"),
            Bool("details", "display extended details for volumes"),
        ]),
        new("vol-name", "returns the volume name for a given volume key or path", "",
        [
            Data("vol", Req, "volume key or path"),
        ]),
        new("vol-path", "returns the volume path for a given volume name or key", "",
        [
            Data("vol", Req, "volume name or key"),
            Str("pool", None, "pool name or uuid"),
        ]),
        new("vol-pool", "returns the storage pool for a given volume key or path", "",
        [
            Data("vol", Req, "volume key or path"),
            Bool("uuid", "return the pool uuid rather than pool name"),
        ]),
        new("vol-resize", "resize a vol", "Resizes a storage volume. This is safe only for storage volumes not in use by an active guest.\nSee blockresize for live resizing.",
        [
            Data("vol", Req, "vol name, key or path"),
            Data("capacity", Req, "new capacity for the vol, as scaled integer (default bytes)"),
            Str("pool", None, "pool name or uuid"),
            Bool("allocate", "allocate the new capacity, rather than leaving it sparse"),
            Bool("delta", "use capacity as a delta to current size, rather than the new size"),
            Bool("shrink", "allow the resize to shrink the volume"),
        ]),
        new("vol-upload", "upload file contents to a volume", "Upload file contents to a volume",
        [
            Data("vol", Req, "vol name, key or path"),
            Data("file", Req, "file"),
            Str("pool", None, "pool name or uuid"),
            Int("offset", None, "volume offset to upload to"),
            Int("length", None, "amount of data to upload"),
            Bool("sparse", "preserve sparseness of volume"),
        ]),
        new("vol-wipe", "wipe a vol", "Ensure data previously on a volume is not accessible to future reads",
        [
            Data("vol", Req, "vol name, key or path"),
            Str("pool", None, "pool name or uuid"),
            Str("algorithm", None, "perform selected wiping algorithm"),
        ]),
    ];
}
