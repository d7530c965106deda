using System.Text;
using Vireo.Protocol.Xdr;

namespace Vireo.Protocol.Remote.Messages;

// Shapes shared by many procedures (remote_protocol.x, libvirt 9.0). Each record names the procedures that use it.
// A procedure whose args/ret struct has the same fields in the same order reuses the shared record.

/// <summary>Bounded-array, widened-char and small-integer helpers used by the message records.</summary>
internal static class MessageCodec
{
    /// <summary>Encoder-side check: libvirt's rpcgen encoder refuses arrays beyond their limit, so must we.</summary>
    public static void CheckCount(int count, int max, string what)
    {
        if (count > max) throw new XdrException($"{what}: {count} elements exceed the XDR limit of {max}");
    }

    public static T[] ReadArray<T>(ref XdrReader r, int max) where T : IXdrMessage<T>
    {
        int n = r.ReadCount(max);
        var items = new T[n];
        for (int i = 0; i < n; i++) items[i] = T.Decode(ref r);
        return items;
    }

    public static void WriteArray<T>(XdrWriter w, IReadOnlyList<T> items, int max, string what) where T : IXdrEncodable
    {
        CheckCount(items.Count, max, what);
        w.WriteUInt((uint)items.Count);
        foreach (var item in items) item.Encode(w);
    }

    public static TypedParameter[] ReadParams(ref XdrReader r, int max) => ReadArray<TypedParameter>(ref r, max);

    public static void WriteParams(XdrWriter w, IReadOnlyList<TypedParameter> items, int max) =>
        WriteArray(w, items, max, "typed parameters");

    public static string[] ReadStrings(ref XdrReader r, int max)
    {
        int n = r.ReadCount(max);
        var items = new string[n];
        for (int i = 0; i < n; i++) items[i] = r.ReadString();
        return items;
    }

    public static void WriteStrings(XdrWriter w, IReadOnlyList<string> items, int max, string what)
    {
        CheckCount(items.Count, max, what);
        w.WriteUInt((uint)items.Count);
        foreach (var s in items) w.WriteString(s);
    }

    public static int[] ReadInts(ref XdrReader r, int max)
    {
        int n = r.ReadCount(max);
        var items = new int[n];
        for (int i = 0; i < n; i++) items[i] = r.ReadInt();
        return items;
    }

    public static void WriteInts(XdrWriter w, IReadOnlyList<int> items, int max, string what)
    {
        CheckCount(items.Count, max, what);
        w.WriteUInt((uint)items.Count);
        foreach (var v in items) w.WriteInt(v);
    }

    public static ulong[] ReadUHypers(ref XdrReader r, int max)
    {
        int n = r.ReadCount(max);
        var items = new ulong[n];
        for (int i = 0; i < n; i++) items[i] = r.ReadUHyper();
        return items;
    }

    public static void WriteUHypers(XdrWriter w, IReadOnlyList<ulong> items, int max, string what)
    {
        CheckCount(items.Count, max, what);
        w.WriteUInt((uint)items.Count);
        foreach (var v in items) w.WriteUHyper(v);
    }

    /// <summary><c>opaque x&lt;max&gt;</c> with the encoder-side limit check.</summary>
    public static void WriteOpaque(XdrWriter w, ReadOnlySpan<byte> data, int max, string what)
    {
        CheckCount(data.Length, max, what);
        w.WriteOpaque(data);
    }

    /// <summary>
    /// A NUL-terminated C string carried as <c>char x&lt;max&gt;</c> (4 bytes per char). libvirtd sends strlen+1
    /// chars, so "none" is count 5 and "" is count 1; decoding stops at the first NUL.
    /// </summary>
    public static string ReadCharString(ref XdrReader r, int max)
    {
        var bytes = r.ReadCharArray(max);
        int end = Array.IndexOf(bytes, (byte)0);
        return Encoding.UTF8.GetString(bytes, 0, end < 0 ? bytes.Length : end);
    }

    public static void WriteCharString(XdrWriter w, string value, int max, string what)
    {
        var bytes = new byte[Encoding.UTF8.GetByteCount(value) + 1];
        Encoding.UTF8.GetBytes(value, bytes);
        CheckCount(bytes.Length, max, what);
        w.WriteCharArray(bytes);
    }

    /// <summary><c>unsigned char</c>: widened to 4 bytes; like glibc's xdr_u_char the decoder truncates.</summary>
    public static byte ReadUChar(ref XdrReader r) => unchecked((byte)r.ReadUInt());
    public static void WriteUChar(XdrWriter w, byte v) => w.WriteUInt(v);

    /// <summary><c>char</c>: widened to 4 bytes, sign-extended (xdr_char).</summary>
    public static sbyte ReadChar(ref XdrReader r) => unchecked((sbyte)r.ReadInt());
    public static void WriteChar(XdrWriter w, sbyte v) => w.WriteInt(v);

    /// <summary><c>unsigned short</c>: widened to 4 bytes; like glibc's xdr_u_short the decoder truncates.</summary>
    public static ushort ReadUShort(ref XdrReader r) => unchecked((ushort)r.ReadUInt());
    public static void WriteUShort(XdrWriter w, ushort v) => w.WriteUInt(v);

    /// <summary>An optional pointer to a record (<c>T *x</c>): u32 presence flag, then the record.</summary>
    public static T? ReadOptional<T>(ref XdrReader r) where T : class, IXdrMessage<T> => r.ReadPresence() ? T.Decode(ref r) : null;

    public static void WriteOptional<T>(XdrWriter w, T? value) where T : class, IXdrEncodable
    {
        w.WritePresence(value is not null);
        value?.Encode(w);
    }

    public static bool SequenceEqual<T>(IReadOnlyList<T> a, IReadOnlyList<T> b)
    {
        if (a.Count != b.Count) return false;
        var cmp = EqualityComparer<T>.Default;
        for (int i = 0; i < a.Count; i++) if (!cmp.Equals(a[i], b[i])) return false;
        return true;
    }
}

/// <summary>
/// Args { int x; }: connect_domain_event_callback_deregister_any (317) and the network/pool/node-device/secret
/// deregister procs (314, 369, 375, 381) {int callbackID}; domain_lookup_by_id (22) {int id}.
/// </summary>
public sealed record IntArgs(int Value) : IXdrMessage<IntArgs>
{
    public void Encode(XdrWriter w) => w.WriteInt(Value);
    public static IntArgs Decode(ref XdrReader r) => new(r.ReadInt());
}

/// <summary>
/// Ret { int x; }: num_of_* (25, 50, 51, 52, 71, 73, 91), get_max_vcpus (5, 18), get_autostart (15, 44, 89),
/// is_active/is_persistent (150, 151, 152, 153, 154, 155), has_managed_save_image (183), get_vcpus_flags (200),
/// snapshot_num (187), has_current_snapshot (190) and every event register_any ret {int callbackID}
/// (313, 316, 368, 374, 380). Booleans are ints 0/1 on the wire.
/// </summary>
public sealed record IntRet(int Value) : IXdrMessage<IntRet>
{
    public void Encode(XdrWriter w) => w.WriteInt(Value);
    public static IntRet Decode(ref XdrReader r) => new(r.ReadInt());
}

/// <summary>Ret { unsigned hyper x; }: domain_get_max_memory (17, KiB), node_get_free_memory (102, bytes).</summary>
public sealed record UHyperRet(ulong Value) : IXdrMessage<UHyperRet>
{
    public void Encode(XdrWriter w) => w.WriteUHyper(Value);
    public static UHyperRet Decode(ref XdrReader r) => new(r.ReadUHyper());
}

/// <summary>Args { unsigned int flags; }: connect_get_sysinfo (203).</summary>
public sealed record FlagsArgs(uint Flags) : IXdrMessage<FlagsArgs>
{
    public void Encode(XdrWriter w) => w.WriteUInt(Flags);
    public static FlagsArgs Decode(ref XdrReader r) => new(r.ReadUInt());
}

/// <summary>
/// Args { remote_nonnull_string x; }: domain_define_xml (11) {xml}, domain_restore (54) {from},
/// network_create_xml (40) / network_define_xml (41) {xml}, network_lookup_by_name (46) {name},
/// storage_pool_lookup_by_name (84) {name}, storage_vol_lookup_by_key (96) {key},
/// storage_vol_lookup_by_path (97) {path}, storage_pool_lookup_by_target_path (391) {path}.
/// (domain_lookup_by_name keeps its own DomainLookupByNameArgs.)
/// </summary>
public sealed record StringArgs(string Value) : IXdrMessage<StringArgs>
{
    public void Encode(XdrWriter w) => w.WriteString(Value);
    public static StringArgs Decode(ref XdrReader r) => new(r.ReadString());
}

/// <summary>
/// Ret { remote_nonnull_string x; }: get_capabilities (7), get_hostname (59), get_uri (110), get_sysinfo (203),
/// get_domain_capabilities (342), domain_get_xml_desc (14), domain_get_os_type (19),
/// network_get_xml_desc (43), network_get_bridge_name (45), storage_pool_get_xml_desc (88),
/// storage_vol_get_xml_desc (99), storage_vol_get_path (100), domain_snapshot_get_xml_desc (186).
/// </summary>
public sealed record StringRet(string Value) : IXdrMessage<StringRet>
{
    public void Encode(XdrWriter w) => w.WriteString(Value);
    public static StringRet Decode(ref XdrReader r) => new(r.ReadString());
}

/// <summary>
/// Args { remote_nonnull_string xml; unsigned int flags; }: domain_create_xml (10) {xml_desc, flags},
/// domain_define_xml_flags (350), network_define_xml_flags (432), network_create_xml_flags (437),
/// storage_pool_create_xml (76), storage_pool_define_xml (77).
/// </summary>
public sealed record XmlFlagsArgs(string Xml, uint Flags) : IXdrMessage<XmlFlagsArgs>
{
    public void Encode(XdrWriter w) { w.WriteString(Xml); w.WriteUInt(Flags); }
    public static XmlFlagsArgs Decode(ref XdrReader r) => new(r.ReadString(), r.ReadUInt());
}

/// <summary>Args { remote_uuid uuid; }: domain_lookup_by_uuid (24), network_lookup_by_uuid (47), storage_pool_lookup_by_uuid (85).</summary>
public sealed record UuidArgs(Guid Uuid) : IXdrMessage<UuidArgs>
{
    public void Encode(XdrWriter w) => w.WriteUuid(Uuid);
    public static UuidArgs Decode(ref XdrReader r) => new(r.ReadUuid());
}

/// <summary>
/// Args { int maxnames; } of the legacy list calls: connect_list_domains (37, field maxids),
/// connect_list_defined_domains (21), connect_list_networks (38), connect_list_defined_networks (36),
/// connect_list_storage_pools (72), connect_list_defined_storage_pools (74).
/// </summary>
public sealed record MaxNamesArgs(int MaxNames) : IXdrMessage<MaxNamesArgs>
{
    public void Encode(XdrWriter w) => w.WriteInt(MaxNames);
    public static MaxNamesArgs Decode(ref XdrReader r) => new(r.ReadInt());
}

/// <summary>
/// Ret { remote_nonnull_string names&lt;16384&gt;; } of the legacy name lists: connect_list_defined_domains (21),
/// connect_list_networks (38), connect_list_defined_networks (36), connect_list_storage_pools (72),
/// connect_list_defined_storage_pools (74), storage_pool_list_volumes (92). All their limits are 16384.
/// </summary>
public sealed record NameListRet(string[] Names) : IXdrMessage<NameListRet>
{
    /// <summary>REMOTE_DOMAIN_LIST_MAX = NETWORK = STORAGE_POOL = STORAGE_VOL _LIST_MAX in 9.0.</summary>
    public const int Max = 16384;

    public void Encode(XdrWriter w) => MessageCodec.WriteStrings(w, Names, Max, "names");
    public static NameListRet Decode(ref XdrReader r) => new(MessageCodec.ReadStrings(ref r, Max));
}

/// <summary>
/// Args { int need_results; unsigned int flags; } of the list-all calls: connect_list_all_domains (273),
/// connect_list_all_storage_pools (281), connect_list_all_networks (283), connect_list_all_node_devices (285).
/// </summary>
public sealed record ConnectListAllArgs(int NeedResults, uint Flags) : IXdrMessage<ConnectListAllArgs>
{
    public void Encode(XdrWriter w) { w.WriteInt(NeedResults); w.WriteUInt(Flags); }
    public static ConnectListAllArgs Decode(ref XdrReader r) => new(r.ReadInt(), r.ReadUInt());
}
