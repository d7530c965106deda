using System.Collections.Concurrent;
using Vireo.Drivers.Events;
using Vireo.Drivers.Qemu.Tests.Support;

namespace Vireo.Drivers.Qemu.Tests.Domains;

/// <summary>A private daemon root with the QEMU driver opened on it, plus the events it published.</summary>
public sealed class DriverRoot : IAsyncDisposable
{
    private readonly List<QemuConnection> _opened = [];

    public TempDir Dir { get; } = new();
    public string Root => Dir.Path;
    public ConcurrentQueue<DriverEvent> Events { get; } = new();
    public List<string> Log { get; } = [];

    /// <summary>Opens qemu:///system through a new factory on this root (a new factory = a restarted daemon).</summary>
    public QemuConnection Open(bool autostart = true)
    {
        var factory = new QemuDriverFactory(Path.Combine(Root, "etc"), Path.Combine(Root, "lib"), Path.Combine(Root, "run"), Path.Combine(Root, "log"),
            new QemuDriverSettings { Autostart = autostart, Log = m => { lock (Log) Log.Add(m); } });
        var conn = (QemuConnection)factory.Open(new Uri("qemu:///system"));
        conn.Events.Subscribe(e => Events.Enqueue(e));
        _opened.Add(conn);
        return conn;
    }

    public string SerialLog(string name) => Path.Combine(Root, name + ".serial.log");

    /// <summary>The test guest as a domain: kernel boot, serial to a file (appending), a virtio disk and a virtio NIC on user networking.</summary>
    public string GuestXml(string name, string type = "qemu")
    {
        var disk = Path.Combine(Root, name + ".img");
        if (!File.Exists(disk))
            File.WriteAllBytes(disk, new byte[1024 * 1024]);
        return $"""
            <domain type='{type}'>
              <name>{name}</name>
              <memory unit='MiB'>192</memory>
              <vcpu>1</vcpu>
              <os>
                <type arch='x86_64' machine='pc'>hvm</type>
                <kernel>{TestGuest.Kernel}</kernel>
                <initrd>{TestGuest.Initrd}</initrd>
                <cmdline>console=ttyS0</cmdline>
              </os>
              <features><acpi/></features>
              <devices>
                <disk type='file' device='disk'>
                  <driver name='qemu' type='raw'/>
                  <source file='{disk}'/>
                  <target dev='vda' bus='virtio'/>
                </disk>
                <interface type='user'>
                  <model type='virtio'/>
                </interface>
                <serial type='file'>
                  <source path='{SerialLog(name)}' append='on'/>
                </serial>
              </devices>
            </domain>
            """;
    }

    public async ValueTask DisposeAsync()
    {
        // Kill whatever a failed test left running, by the pids in the status files.
        var run = Path.Combine(Root, "run", "qemu");
        if (Directory.Exists(run))
            foreach (var pidFile in Directory.GetFiles(run, "*.pid"))
                if (int.TryParse(File.ReadAllText(pidFile).Trim(), out var pid))
                    await Supervision.ProcessState.TerminateAsync(pid, TimeSpan.FromSeconds(2));
        foreach (var c in _opened)
            await c.QemuDomains.DetachAsync();
        Dir.Dispose();
    }
}
