namespace Vireo.Drivers.Qemu.Qmp;

/// <summary>QEMU answered a command with an error (e.g. class "GenericError", desc "...").</summary>
public sealed class QmpErrorException(string command, string errorClass, string description)
    : Exception($"QMP command '{command}' failed: {description} ({errorClass})")
{
    public string Command { get; } = command;
    public string ErrorClass { get; } = errorClass;
    public string Description { get; } = description;
}

/// <summary>The monitor connection is gone (QEMU exited or closed the socket).</summary>
public sealed class QmpDisconnectedException(string message, Exception? inner = null) : IOException(message, inner);
