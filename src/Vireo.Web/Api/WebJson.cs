using System.Text.Json.Serialization;
using Vireo.Web.Hosts;

namespace Vireo.Web.Api;

public sealed record LoginRequest(string? User, string? Password);
public sealed record SessionInfo(string User, string Csrf);
public sealed record ErrorReply(string Error, string? Field = null);
public sealed record MessageReply(string Message);
public sealed record AddConnectionRequest(string? Uri, bool ReadOnly);
public sealed record Preferences(int PollSeconds);
public sealed record Overview(IReadOnlyList<ConnectionRow> Connections, IReadOnlyList<GuestRow> Guests, int PollSeconds);
public sealed record ActionRequest(bool DeleteStorage = false);
public sealed record CountRequest(int Count);
public sealed record MemoryRequest(ulong Mib);
public sealed record BootRequest(List<string>? Devices);
public sealed record FlagRequest(bool On);
public sealed record DeviceXmlRequest(string? Xml);
public sealed record AddHardwareRequest(
    string? Kind,
    // disk
    string? Device, string? Bus, string? Source, string? Pool, double? SizeGiB, string? Format,
    // nic
    string? NetworkType, string? NetworkSource, string? Model, string? Mac,
    // serial / console
    string? CharType,
    // graphics
    string? GraphicsType, string? Listen, string? Password);
public sealed record HardwareItem(string Kind, string Title, string Summary, string Xml);
public sealed record GraphicsInfo(string Type, int Port, string Listen, bool HasPassword);
public sealed record DomainDetails(
    string Conn, string Name, string Uuid, int Id, string State, bool Active, bool Persistent, bool Autostart,
    string Hypervisor, string OsType, string Arch, string Machine, string? OsVariant,
    int Vcpus, int MaxVcpus, ulong MemoryMiB, ulong MaxMemoryMiB, List<string> Boot,
    List<HardwareItem> Hardware, List<GraphicsInfo> Graphics, bool HasSerial, bool ReadOnly, string Xml);
public sealed record DomainStatsReply(double CpuPercent, double MemoryPercent, ulong DiskReadBytes, ulong DiskWriteBytes,
    ulong NetRxBytes, ulong NetTxBytes);
public sealed record NetworkRow(string Name, bool Active, bool Autostart, bool Persistent, string Forward, string? Bridge, string? Ipv4, string Xml);
public sealed record VolumeRow(string Name, string Path, ulong Capacity, ulong Allocation);
public sealed record PoolRow(string Name, string Type, bool Active, bool Autostart, ulong Capacity, ulong Allocation, ulong Available,
    string? TargetPath, List<VolumeRow> Volumes);
public sealed record HostDetails(string Conn, string Uri, string? Hostname, string Hypervisor, int Cpus, int Mhz, string CpuModel,
    ulong MemoryKiB, ulong FreeKiB, double CpuPercent, double[] CpuHistory, bool ReadOnly,
    List<NetworkRow> Networks, List<PoolRow> Pools);
public sealed record CreateNetworkRequest(string? Name, string? Ipv4, string? DhcpStart, string? DhcpEnd, string? Forward, string? Dev);
public sealed record CreatePoolRequest(string? Name, string? Type, string? Target, string? SourceHost, string? SourcePath, string? Devices);
public sealed record CreateVolumeRequest(string? Name, double? CapacityGiB, string? Format);
public sealed record NewVmRequest(
    string? Name, string? InstallMethod, string? Media, string? OsVariant,
    ulong MemoryMib, int Vcpus,
    string? StorageMode, string? Pool, double? SizeGiB, string? DiskPath,
    string? NetworkType, string? NetworkSource, bool Start = true);
public sealed record NewVmReply(string Uuid, string Name, List<string> Warnings);
public sealed record OsVariant(string Id, string Name, string? Uri);
public sealed record CloneDiskRow(string Target, string Source, string ClonePath);
public sealed record CloneInfo(string Name, List<CloneDiskRow> Disks, List<string> Macs);
public sealed record CloneRequest(string? Name, List<string>? Disks, List<string>? Macs);
public sealed record CloneReply(string Uuid, string Name, string Message);
public sealed record MigrateRequest(string? Dest, string? Mode, bool Persistent = true, bool UndefineSource = true);
public sealed record MigrateReply(string DestConn, string Uuid, string Message);
public sealed record JobReply(string Type, ulong TimeElapsedMs, ulong DataTotal, ulong DataProcessed, ulong DataRemaining);
public sealed record DeviceEditRequest(string? Xml, string? Model, string? Source, string? Cache, bool? ReadOnly, string? Password, string? Media);
public sealed record VmLimits(int HostCpus, ulong HostMemoryMiB, List<OsVariant> OsVariants, List<string> Pools, List<string> Networks);

/// <summary>Every JSON shape of the API, serialized by generated code.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(LoginRequest))]
[JsonSerializable(typeof(SessionInfo))]
[JsonSerializable(typeof(ErrorReply))]
[JsonSerializable(typeof(MessageReply))]
[JsonSerializable(typeof(AddConnectionRequest))]
[JsonSerializable(typeof(Preferences))]
[JsonSerializable(typeof(Overview))]
[JsonSerializable(typeof(ConnectionRow))]
[JsonSerializable(typeof(ActionRequest))]
[JsonSerializable(typeof(CountRequest))]
[JsonSerializable(typeof(MemoryRequest))]
[JsonSerializable(typeof(BootRequest))]
[JsonSerializable(typeof(FlagRequest))]
[JsonSerializable(typeof(DeviceXmlRequest))]
[JsonSerializable(typeof(AddHardwareRequest))]
[JsonSerializable(typeof(DomainDetails))]
[JsonSerializable(typeof(DomainStatsReply))]
[JsonSerializable(typeof(HostDetails))]
[JsonSerializable(typeof(CreateNetworkRequest))]
[JsonSerializable(typeof(CreatePoolRequest))]
[JsonSerializable(typeof(CreateVolumeRequest))]
[JsonSerializable(typeof(NewVmRequest))]
[JsonSerializable(typeof(NewVmReply))]
[JsonSerializable(typeof(VmLimits))]
[JsonSerializable(typeof(SettingsData))]
[JsonSerializable(typeof(CloneInfo))]
[JsonSerializable(typeof(CloneRequest))]
[JsonSerializable(typeof(CloneReply))]
[JsonSerializable(typeof(MigrateRequest))]
[JsonSerializable(typeof(MigrateReply))]
[JsonSerializable(typeof(JobReply))]
[JsonSerializable(typeof(DeviceEditRequest))]
[JsonSerializable(typeof(TagsRequest))]
[JsonSerializable(typeof(TagsReply))]
public sealed partial class WebJson : JsonSerializerContext;
