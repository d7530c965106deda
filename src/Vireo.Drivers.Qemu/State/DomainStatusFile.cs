using System.Globalization;
using System.Xml.Linq;
using Vireo.Drivers.Domains;
using Vireo.Model.Domain;

namespace Vireo.Drivers.Qemu.State;

/// <summary>
/// The live status of a running domain (RUN/qemu/NAME.xml), modelled on libvirt's &lt;domstatus&gt;: state and
/// reason, QEMU's pid, the monitor socket, the accelerator in use, and the live definition (with its id, aliases
/// and addresses). A restarted daemon reattaches from it.
/// </summary>
public sealed record DomainStatusFile(DomainState State, int Reason, int Pid, string MonitorPath, string Accel, DomainDefinition Live)
{
    /// <summary>Formats and writes the file atomically.</summary>
    public void Write(string path)
    {
        var root = new XElement("domstatus",
            new XAttribute("state", StateName(State)),
            new XAttribute("reason", Reason),
            new XAttribute("pid", Pid),
            new XElement("monitor", new XAttribute("path", MonitorPath), new XAttribute("type", "unix")),
            new XElement("vireo", new XAttribute("accel", Accel)),
            Live.ToElement(DomainXmlFormatFlags.Secure));
        AtomicFile.Write(path, root.ToString() + "\n");
    }

    /// <summary>Reads a status file; throws <see cref="InvalidDataException"/> naming the file when it is damaged.</summary>
    public static DomainStatusFile Read(string path)
    {
        try
        {
            var root = XElement.Parse(File.ReadAllText(path));
            var state = ParseState(root.Attribute("state")?.Value);
            int reason = int.Parse(root.Attribute("reason")?.Value ?? "0", CultureInfo.InvariantCulture);
            int pid = int.Parse(root.Attribute("pid")?.Value ?? throw new InvalidDataException("no pid"), CultureInfo.InvariantCulture);
            var monitor = root.Element("monitor")?.Attribute("path")?.Value ?? throw new InvalidDataException("no <monitor path>");
            var accel = root.Element("vireo")?.Attribute("accel")?.Value ?? "tcg";
            var live = DomainDefinition.FromElement(root.Element("domain") ?? throw new InvalidDataException("no <domain>"));
            return new DomainStatusFile(state, reason, pid, monitor, accel, live);
        }
        catch (Exception e) when (e is not InvalidDataException)
        {
            throw new InvalidDataException($"damaged domain status file {path}: {e.Message}", e);
        }
    }

    private static string StateName(DomainState s) => s switch
    {
        DomainState.Running => "running",
        DomainState.Blocked => "blocked",
        DomainState.Paused => "paused",
        DomainState.Shutdown => "shutdown",
        DomainState.Shutoff => "shutoff",
        DomainState.Crashed => "crashed",
        DomainState.PmSuspended => "pmsuspended",
        _ => "nostate",
    };

    private static DomainState ParseState(string? s) => s switch
    {
        "running" => DomainState.Running,
        "blocked" => DomainState.Blocked,
        "paused" => DomainState.Paused,
        "shutdown" => DomainState.Shutdown,
        "shutoff" => DomainState.Shutoff,
        "crashed" => DomainState.Crashed,
        "pmsuspended" => DomainState.PmSuspended,
        _ => DomainState.NoState,
    };
}
