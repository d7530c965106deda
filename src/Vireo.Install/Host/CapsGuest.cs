namespace Vireo.Install.Host;

/// <summary>One &lt;guest&gt; of the capabilities XML: OS type, arch, emulator, domain types, machines, features.</summary>
public sealed record CapsGuest(string OsType, string Arch, string? Emulator, IReadOnlyList<string> DomainTypes,
    IReadOnlyList<string> Machines, IReadOnlySet<string> Features);
