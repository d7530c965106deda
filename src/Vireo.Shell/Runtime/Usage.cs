using Vireo.Shell.Definitions;
using Vireo.Shell.Output;

namespace Vireo.Shell.Runtime;

/// <summary>virshUsage and virshShowVersion, with vsh's --json added to the option list.</summary>
public static class Usage
{
    /// <summary>The libvirt release whose virsh vsh mirrors (printed by -v).</summary>
    public const string CompatVersion = "9.0.0";

    public static string Text(string progname) =>
        $"\n{progname} [options]... [<command_string>]" +
        $"\n{progname} [options]... <command> [args...]\n\n" +
        "  options:\n" +
        "    -c | --connect=URI      hypervisor connection URI\n" +
        "    -d | --debug=NUM        debug level [0-4]\n" +
        "    -e | --escape <char>    set escape sequence for console\n" +
        "    -h | --help             this help\n" +
        "    -k | --keepalive-interval=NUM\n" +
        "                            keepalive interval in seconds, 0 for disable\n" +
        "    -K | --keepalive-count=NUM\n" +
        "                            number of possible missed keepalive messages\n" +
        "    -l | --log=FILE         output logging to file\n" +
        "    -q | --quiet            quiet mode\n" +
        "    -r | --readonly         connect readonly\n" +
        "    -t | --timing           print timing information\n" +
        "    -v                      short version\n" +
        "    -V                      long version\n" +
        "         --version[=TYPE]   version, TYPE is short or long (default short)\n" +
        "         --json             machine-readable (JSON) output for list and info commands\n" +
        "  commands (non interactive mode):\n\n" +
        HelpText.UsageGroups(CommandTable.Groups) +
        "\n  (specify help <group> for details about the commands in the group)\n" +
        "\n  (specify help <command> for details about the command)\n\n";

    public static string LongVersion(string progname) =>
        $"Virsh command line tool of libvirt {CompatVersion}\n" +
        $"({progname}, Vireo's reimplementation)\n" +
        "See web site at https://libvirt.org/\n\n" +
        "Compiled with support for:\n" +
        " Hypervisors: QEMU/KVM Test\n" +
        " Networking: Remote Network Bridging\n" +
        " Storage: Dir Filesystem\n" +
        " Miscellaneous: Daemon Debug\n";
}
