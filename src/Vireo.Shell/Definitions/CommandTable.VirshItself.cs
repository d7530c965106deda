// virsh 9.0 "Virsh itself" commands (tools/virsh-*.c): names, help texts and options transcribed
// verbatim, so that 'help' and option parsing match virsh byte for byte. Do not reword.
namespace Vireo.Shell.Definitions;

internal static partial class CommandTable
{
    private static CommandDef[] VirshItself() =>
    [
        new("cd", "change the current directory", "Change the current directory.",
        [
            Str("dir", None, "directory to switch to (default: home or else root)"),
        ], CommandFlags.NoConnect),
        new("echo", "echo arguments. Used for internal testing.", "Echo back arguments, possibly with quoting. Used for internal testing.",
        [
            Bool("shell", "escape for shell use"),
            Bool("xml", "escape for XML use"),
            Bool("split", "split each argument on ','; ',,' is an escape sequence"),
            Bool("err", "output to stderr"),
            Alias("str", "string"),
            Alias("hi", "string=hello"),
            Argv("string", None, "arguments to echo"),
        ], CommandFlags.NoConnect),
        new("exit", "quit this interactive terminal", "", [], CommandFlags.NoConnect),
        new("help", "print help", "Prints global help, command specific help, or help for a\n    group of related commands",
        [
            Str("command", None, "Prints global help, command specific help, or help for a group of related commands"),
        ], CommandFlags.NoConnect),
        new("pwd", "print the current directory", "Print the current directory.", [], CommandFlags.NoConnect),
        new("quit", "quit this interactive terminal", "", [], CommandFlags.NoConnect),
        new("self-test", "internal command for testing virt shells", "internal use only",
        [
            Bool("completers-missing", "output the list of options which are missing completers"),
        ], CommandFlags.NoConnect | CommandFlags.Hidden),
        new("complete", "internal command for autocompletion", "internal use only",
        [
            Argv("string", EmptyOk, "partial string to autocomplete"),
        ], CommandFlags.NoConnect | CommandFlags.Hidden),
        new("connect", "(re)connect to hypervisor", "Connect to local hypervisor. This is built-in command after shell start up.",
        [
            Str("name", EmptyOk, "hypervisor connection URI"),
            Bool("readonly", "read-only connection"),
        ], CommandFlags.NoConnect),
    ];
}
