// virsh 9.0 "Secret" commands (tools/virsh-*.c): names, help texts and options transcribed
// verbatim, so that 'help' and option parsing match virsh byte for byte. Do not reword.
namespace Vireo.Shell.Definitions;

internal static partial class CommandTable
{
    private static CommandDef[] Secret() =>
    [
        new("secret-define", "define or modify a secret from an XML file", "Define or modify a secret.",
        [
            Data("file", Req, "file containing secret attributes in XML"),
            Bool("validate", "validate the XML against the schema"),
        ]),
        new("secret-dumpxml", "secret attributes in XML", "Output attributes of a secret as an XML dump to stdout.",
        [
            Data("secret", Req, "secret UUID"),
            Str("xpath", ReqOpt, "xpath expression to filter the XML document"),
            Bool("wrap", "wrap xpath results in an common root element"),
        ]),
        new("secret-event", "Secret Events", "List event types, or wait for secret events to occur",
        [
            Str("secret", None, "filter by secret name or uuid"),
            Str("event", None, "which event type to wait for"),
            Bool("loop", "loop until timeout or interrupt, rather than one-shot"),
            Int("timeout", None, "timeout seconds"),
            Bool("list", "list valid event types"),
            Bool("timestamp", "show timestamp for each printed event"),
        ]),
        new("secret-get-value", "Output a secret value", "Output a secret value to stdout.",
        [
            Data("secret", Req, "secret UUID"),
            Bool("plain", "get value without converting to base64"),
        ]),
        new("secret-list", "list secrets", "Returns a list of secrets",
        [
            Bool("ephemeral", "list ephemeral secrets"),
            Bool("no-ephemeral", "list non-ephemeral secrets"),
            Bool("private", "list private secrets"),
            Bool("no-private", "list non-private secrets"),
        ]),
        new("secret-set-value", "set a secret value", "Set a secret value.",
        [
            Data("secret", Req, "secret UUID"),
            Str("file", ReqOpt, "read secret from file"),
            Bool("plain", "read the secret from file without converting from base64"),
            Bool("interactive", "read the secret from the terminal"),
            Str("base64", None, "base64-encoded secret value"),
        ]),
        new("secret-undefine", "undefine a secret", "Undefine a secret.",
        [
            Data("secret", Req, "secret UUID"),
        ]),
    ];
}
