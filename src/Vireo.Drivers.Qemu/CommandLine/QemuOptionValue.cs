using System.Globalization;
using System.Text;

namespace Vireo.Drivers.Qemu.CommandLine;

/// <summary>
/// Builds a QEMU keyval option value ("virtio-blk-pci,bus=pci.0,addr=0x4"): properties in the order they are added,
/// commas inside values doubled as QEMU's option parser requires.
/// </summary>
public sealed class QemuOptionValue
{
    private readonly StringBuilder _sb = new();

    /// <summary>Starts with a leading word (driver or backend name), escaped.</summary>
    public QemuOptionValue(string head) => _sb.Append(Escape(head));

    /// <summary>Starts empty: the first property is written without a leading comma (-drive, -rtc style).</summary>
    public QemuOptionValue()
    {
    }

    /// <summary>Adds key=value; a null value adds nothing.</summary>
    public QemuOptionValue Add(string key, string? value)
    {
        if (value is not null)
        {
            if (_sb.Length > 0)
                _sb.Append(',');
            _sb.Append(key).Append('=').Append(Escape(value));
        }
        return this;
    }

    /// <summary>Adds key=N.</summary>
    public QemuOptionValue Add(string key, long? value) =>
        value is null ? this : Add(key, value.Value.ToString(CultureInfo.InvariantCulture));

    /// <summary>Adds key=on|off.</summary>
    public QemuOptionValue Add(string key, bool? value) => value is null ? this : Add(key, value.Value ? "on" : "off");

    /// <summary>Adds key=on only when the condition holds.</summary>
    public QemuOptionValue On(string key, bool condition) => condition ? Add(key, "on") : this;

    public override string ToString() => _sb.ToString();

    /// <summary>QEMU's option syntax: a literal comma is written as two commas.</summary>
    public static string Escape(string value) => value.Replace(",", ",,", StringComparison.Ordinal);
}
