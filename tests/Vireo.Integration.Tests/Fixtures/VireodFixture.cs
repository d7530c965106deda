using System.Diagnostics;
using Vireo.Integration.Tests.Infrastructure;

namespace Vireo.Integration.Tests.Fixtures;

/// <summary>
/// Our daemon, <c>out/bin/vireod --root TMP</c> (built by ./build), with all its state in a fresh temp
/// directory. Use as <c>IClassFixture&lt;VireodFixture&gt;</c>; derive and call the protected constructor
/// to pass extra arguments (e.g. <c>--listen-tcp</c>) or another binary; <c>VIREO_VIREOD=/path</c> also
/// runs another binary.
/// Unlike libvirtd, vireod's test driver keeps its state while the daemon runs, across connections.
/// </summary>
public class VireodFixture : IDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);
    private readonly DaemonProcess _daemon;

    public VireodFixture()
        : this(null, Array.Empty<string>())
    {
    }

    /// <param name="extraArguments">arguments after <c>--root TMP</c></param>
    protected VireodFixture(IEnumerable<string> extraArguments)
        : this(null, extraArguments)
    {
    }

    /// <param name="vireodPath">the binary (null: $VIREO_VIREOD, else out/bin/vireod)</param>
    /// <param name="extraArguments">arguments after <c>--root TMP</c></param>
    protected VireodFixture(string? vireodPath, IEnumerable<string> extraArguments)
    {
        VireodPath = vireodPath
                     ?? (Environment.GetEnvironmentVariable("VIREO_VIREOD") is { Length: > 0 } p ? p : RepoPaths.Program("vireod"));
        if (!File.Exists(VireodPath))
        {
            var shown = vireodPath == null && VireodPath == RepoPaths.Program("vireod") ? "out/bin/vireod (" + VireodPath + "): run ./build" : VireodPath;
            throw new InvalidOperationException("vireod not built at " + shown);
        }

        Root = Directory.CreateTempSubdirectory("vireo-vireod-").FullName;
        Directory.CreateDirectory(WorkDir);
        var psi = new ProcessStartInfo { FileName = VireodPath, WorkingDirectory = Root };
        psi.ArgumentList.Add("--root");
        psi.ArgumentList.Add(Root);
        foreach (var a in extraArguments)
        {
            psi.ArgumentList.Add(a);
        }

        foreach (var k in ProcessRunner.LibvirtClientEnvironment.Keys)
        {
            psi.Environment.Remove(k);
        }

        psi.Environment["LC_ALL"] = "C";
        CommandLine = string.Join(' ', new[] { VireodPath }.Concat(psi.ArgumentList).Select(ProcessResult.ShellQuote));

        _daemon = DaemonProcess.Start("vireod", psi);
        try
        {
            _daemon.WaitForSocket(SocketPath, StartTimeout, ReadLog);
        }
        catch
        {
            _daemon.Dispose();
            RemoveTempDir();
            throw;
        }
    }

    /// <summary>The binary that runs.</summary>
    public string VireodPath { get; }

    /// <summary>The command line it was started with.</summary>
    public string CommandLine { get; }

    /// <summary>The <c>--root</c> directory (ETC = Root/etc, LIB = Root/lib, RUN = Root/run, LOG = Root/log).</summary>
    public string Root { get; }

    /// <summary>Root/run.</summary>
    public string RunDir => Path.Combine(Root, "run");

    /// <summary>A scratch directory for files the daemon writes (save images ...), outside its own state.</summary>
    public string WorkDir => Path.Combine(Root, "work");

    /// <summary>RUN/vireo-sock (read-write).</summary>
    public string SocketPath => Path.Combine(RunDir, "vireo-sock");

    /// <summary>RUN/vireo-sock-ro (read-only).</summary>
    public string RoSocketPath => Path.Combine(RunDir, "vireo-sock-ro");

    /// <summary><c>test+unix:///default?socket=RUN/vireo-sock</c></summary>
    public string TestUri => "test+unix:///default?socket=" + SocketPath;

    /// <summary><c>test+unix:///default?socket=RUN/vireo-sock-ro</c></summary>
    public string TestUriReadOnly => "test+unix:///default?socket=" + RoSocketPath;

    /// <summary><c>qemu+unix:///system?socket=RUN/vireo-sock</c></summary>
    public string QemuUri => "qemu+unix:///system?socket=" + SocketPath;

    /// <summary>vireod's pid.</summary>
    public int Pid => _daemon.Pid;

    /// <summary>Everything vireod wrote to stdout/stderr so far.</summary>
    public string Output => _daemon.Output;

    /// <summary>Process state, output and LOG/vireod.log, for failure messages.</summary>
    public string Describe() => "command: " + CommandLine + "\n" + _daemon.Describe(ReadLog);

    public void Dispose()
    {
        _daemon.Dispose();
        RemoveTempDir();
        GC.SuppressFinalize(this);
    }

    private string ReadLog()
    {
        var log = Path.Combine(Root, "log", "vireod.log");
        return File.Exists(log) ? "--- " + log + ":\n" + File.ReadAllText(log) : "";
    }

    private void RemoveTempDir()
    {
        if (Environment.GetEnvironmentVariable("VIREO_KEEP_TMP") == "1")
        {
            return;
        }

        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
