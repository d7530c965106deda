using Vireo.Images;
using Vireo.Img.Commands;

namespace Vireo.Img;

/// <summary>vireo-img: qemu-img's commands, syntax and output over Vireo.Images.</summary>
public static class Program
{
    public static int Main(string[] args)
    {
        try
        {
            return Run(args, Console.Out, Console.Error);
        }
        catch (UsageException e)
        {
            Console.Error.WriteLine($"vireo-img: {e.Message}");
            return 1;
        }
    }

    /// <summary>Runs one command; returns the exit status (as qemu-img's).</summary>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        if (args.Length == 0)
        {
            stderr.WriteLine("vireo-img: Not enough arguments\nTry 'vireo-img --help' for more information");
            return 1;
        }
        var rest = args.Skip(1).ToArray();
        try
        {
            return args[0] switch
            {
                "create" => CreateCommand.Run(rest, stdout),
                "info" => InfoCommand.Run(rest, stdout),
                "check" => CheckCommand.Run(rest, stdout, stderr),
                "convert" => ConvertCommand.Run(rest, stdout, stderr),
                "resize" => ResizeCommand.Run(rest, stdout),
                "map" => MapCommand.Run(rest, stdout),
                "snapshot" => SnapshotCommand.Run(rest, stdout),
                "rebase" => RebaseCommand.Run(rest, stdout),
                "compare" => CompareCommand.Run(rest, stdout, stderr),
                "measure" => MeasureCommand.Run(rest, stdout),
                "commit" => CommitCommand.Run(rest, stdout),
                "amend" => AmendCommand.Run(rest, stdout),
                "dd" => DdCommand.Run(rest),
                "--help" or "-h" or "help" => Help(stdout),
                "--version" or "-V" => Version(stdout),
                _ => throw new UsageException($"Command not found: {args[0]}"),
            };
        }
        catch (UsageException e)
        {
            stderr.WriteLine($"vireo-img: {e.Message}");
            return 1;
        }
        catch (Exception e) when (e is IOException or ImageNotSupportedException or ArgumentException or UnauthorizedAccessException or InvalidOperationException)
        {
            stderr.WriteLine($"vireo-img: {e.Message}");
            return 1;
        }
    }

    private static int Help(TextWriter o)
    {
        o.WriteLine("""
            vireo-img: a qemu-img compatible disk image tool (Vireo)
            usage: vireo-img [standard options] command [command options]

            Command syntax:
              create [-q] [-f fmt] [-b backing_file [-F backing_fmt]] [-o options] filename [size]
              info [-f fmt] [--output=human|json] [--backing-chain] [-U] filename
              check [-q] [-f fmt] [--output=human|json] [-r leaks|all] filename
              convert [-p] [-q] [-n] [-c] [-f fmt] [-O output_fmt] [-o options] [-S sparse_size] [-W] [-m num] filename [filename2 [...]] output_filename
              rebase [-q] [-f fmt] [-u] -b backing_file [-F backing_fmt] filename
              resize [-q] [-f fmt] [--shrink] filename [+ | -]size
              map [-f fmt] [--output=human|json] filename
              snapshot [-l | -a snapshot | -c snapshot | -d snapshot] [-q] [-f fmt] filename
              compare [-f fmt] [-F fmt] [-q] [-s] filename1 filename2
              measure [--output=human|json] [-O output_fmt] [-o options] [--size N | [-f fmt] filename]
              commit [-q] [-f fmt] [-t cache] [-b base] [-r rate_limit] [-d] [-p] filename
              amend [-p] [-q] [-f fmt] [-t cache] -o options filename
              dd [-f fmt] [-O output_fmt] [bs=block_size] [count=blocks] [skip=blocks] if=input of=output

            Supported formats: raw qcow2 vmdk (monolithicSparse; streamOptimized read-only) qcow (read-only)
            """);
        return 0;
    }

    private static int Version(TextWriter o)
    {
        o.WriteLine("vireo-img version 7.2.0 (Vireo)");
        return 0;
    }

    /// <summary>Opens an image for a command, with the error text qemu-img uses for a missing file.</summary>
    internal static IBlockImage OpenImage(string path, string? format, bool writable, bool backing = true)
    {
        if (!File.Exists(path) && !path.Contains(':'))
            throw new IOException($"Could not open '{path}': Could not open '{path}': No such file or directory");
        return Image.Open(path, new ImageOpenOptions { Format = format, Writable = writable, OpenBacking = backing });
    }
}
