namespace Vireo.Install.Cli;

/// <summary>A command-line error, printed as argparse does (usage line, then "PROG: error: MESSAGE"), exit 2.</summary>
public sealed class ArgParseException(string message) : Exception(message);
