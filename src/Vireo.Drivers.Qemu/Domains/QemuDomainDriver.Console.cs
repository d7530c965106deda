using Vireo.Drivers.Domains;
using Vireo.Drivers.Qemu.Consoles;
using Vireo.Model.Domain;
using Vireo.Model.Domain.Devices;

namespace Vireo.Drivers.Qemu.Domains;

public sealed partial class QemuDomainDriver
{
    /// <summary>Open console sessions by pty path (libvirt's virChrdevs): one client per character device.</summary>
    private readonly Dictionary<string, PtyStream> _consoles = new(StringComparer.Ordinal);

    /// <summary>
    /// virDomainOpenConsole (qemuDomainOpenConsole): the pty of the first console/serial port, or of the one whose alias
    /// is <paramref name="devName"/>. A device already in use by another client is refused unless
    /// VIR_DOMAIN_CONSOLE_FORCE, which ends the other session (its client sees the end of data).
    /// </summary>
    public Task<Stream> OpenConsoleAsync(DomainRef dom, string? devName, uint flags)
    {
        QemuErrors.CheckFlags(flags, ConsoleFlags.Force | ConsoleFlags.Safe, "qemuDomainOpenConsole");
        PtyStream? kicked = null;
        PtyStream opened;
        lock (_lock)
        {
            var d = Get(dom);
            RequireActive(d);
            var chr = FindConsole(d.Live!, devName)
                ?? throw QemuErrors.Internal($"cannot find character device {devName ?? "<null>"}");
            if (chr.Type != "pty" || chr.SourcePath is not { } path)
                throw QemuErrors.Internal($"character device {devName ?? chr.Alias} is not using a PTY");
            if (_consoles.TryGetValue(path, out var existing) && !existing.IsDisposed)
            {
                if ((flags & ConsoleFlags.Force) == 0)
                    throw QemuErrors.OperationFailed("Active console session exists for this domain");
                kicked = existing;
            }
            opened = PtyStream.Open(path, OnConsoleClosed);
            _consoles[path] = opened;
        }
        kicked?.Dispose();
        return Task.FromResult<Stream>(opened);
    }

    private void OnConsoleClosed(PtyStream pty)
    {
        lock (_lock)
            if (_consoles.TryGetValue(pty.Path, out var current) && ReferenceEquals(current, pty))
                _consoles.Remove(pty.Path);
    }

    /// <summary>
    /// The character device a console request means: by alias among consoles and serial ports, else the first
    /// console (which, with a serial target, is the serial port of the same number), else the first serial port.
    /// </summary>
    private static CharDevice? FindConsole(DomainDefinition live, string? devName)
    {
        var devs = live.Devices;
        if (devName is not null)
            return devs.Consoles.FirstOrDefault(c => c.Alias == devName) is { } console ? SerialBehind(devs, console)
                : devs.Serials.FirstOrDefault(s => s.Alias == devName);
        if (devs.Consoles.Count > 0)
            return SerialBehind(devs, devs.Consoles[0]);
        return devs.Serials.FirstOrDefault();
    }

    /// <summary>A serial-type console is the serial port itself (libvirt copies the serial's source into it).</summary>
    private static CharDevice SerialBehind(DomainDevices devs, CharDevice console) =>
        console.TargetType is null or "serial" && devs.Serials.Count > 0
            ? devs.Serials.FirstOrDefault(s => (s.TargetPort ?? 0) == (console.TargetPort ?? 0)) ?? devs.Serials[0]
            : console;
}
