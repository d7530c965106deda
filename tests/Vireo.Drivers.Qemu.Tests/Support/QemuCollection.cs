namespace Vireo.Drivers.Qemu.Tests.Support;

/// <summary>Tests that run QEMU share one collection, so TCG guests do not compete for the machine's two cores.</summary>
[CollectionDefinition(Name)]
public sealed class QemuCollection
{
    public const string Name = "QEMU guests";
}
