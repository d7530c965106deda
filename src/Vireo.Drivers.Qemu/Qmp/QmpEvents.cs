namespace Vireo.Drivers.Qemu.Qmp;

/// <summary>Names of the QMP events the driver acts on.</summary>
public static class QmpEvents
{
    /// <summary>The guest or a command shut QEMU down; data.guest tells whether the guest asked, data.reason why.</summary>
    public const string Shutdown = "SHUTDOWN";
    /// <summary>The ACPI power button was pressed (system_powerdown).</summary>
    public const string Powerdown = "POWERDOWN";
    /// <summary>The guest was reset (reboot or system_reset); data.guest as for SHUTDOWN.</summary>
    public const string Reset = "RESET";
    /// <summary>vCPUs stopped (stop, or an error).</summary>
    public const string Stop = "STOP";
    /// <summary>vCPUs resumed.</summary>
    public const string Resume = "RESUME";
    /// <summary>The guest kernel reported a panic.</summary>
    public const string GuestPanicked = "GUEST_PANICKED";
    /// <summary>The balloon reached a new size (data.actual bytes).</summary>
    public const string BalloonChange = "BALLOON_CHANGE";
    /// <summary>A device finished unplugging (data.device is its id).</summary>
    public const string DeviceDeleted = "DEVICE_DELETED";
    /// <summary>The guest changed its RTC (data.offset seconds).</summary>
    public const string RtcChange = "RTC_CHANGE";
    /// <summary>A block device hit an I/O error.</summary>
    public const string BlockIoError = "BLOCK_IO_ERROR";
}
