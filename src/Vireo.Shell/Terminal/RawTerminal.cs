using System.Runtime.InteropServices;

namespace Vireo.Shell.Terminal;

/// <summary>
/// Puts the controlling terminal (stdin) into raw mode for the console and restores it afterwards (virsh's
/// vshTTYMakeRaw/vshTTYRestore): keys such as Ctrl+C go to the guest, not to vsh.
/// </summary>
internal sealed partial class RawTerminal : IDisposable
{
    private const int Stdin = 0, TCSAFLUSH = 2;
    private readonly byte[] _saved = new byte[256]; // struct termios is 60 bytes on Linux; room to spare
    private bool _active;

    private RawTerminal() { }

    /// <summary>Raw mode if stdin is a terminal; otherwise a no-op (the console then copies stdin until its end).</summary>
    public static RawTerminal Enter()
    {
        var t = new RawTerminal();
        if (isatty(Stdin) != 1 || tcgetattr(Stdin, ref t._saved[0]) != 0)
            return t;
        var raw = (byte[])t._saved.Clone();
        cfmakeraw(ref raw[0]);
        t._active = tcsetattr(Stdin, TCSAFLUSH, ref raw[0]) == 0;
        return t;
    }

    public static bool StdinIsTerminal => isatty(Stdin) == 1;

    public void Dispose()
    {
        if (_active)
            tcsetattr(Stdin, TCSAFLUSH, ref _saved[0]);
        _active = false;
    }

    [LibraryImport("libc")]
    private static partial int isatty(int fd);

    [LibraryImport("libc")]
    private static partial int tcgetattr(int fd, ref byte termios);

    [LibraryImport("libc")]
    private static partial int tcsetattr(int fd, int actions, ref byte termios);

    [LibraryImport("libc")]
    private static partial void cfmakeraw(ref byte termios);
}
