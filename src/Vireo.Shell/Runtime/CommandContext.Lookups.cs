using Vireo.Client.Api;
using Vireo.Protocol.Errors;
using Vireo.Shell.Parsing;

namespace Vireo.Shell.Runtime;

// virsh's object lookups from a command option (virsh-util.c, virsh-network.c, virsh-pool.c, virsh-volume.c).
public sealed partial class CommandContext
{
    /// <summary>
    /// virshCommandOptDomainBy: resolves the option as an id (when numeric and allowed), then a UUID (36
    /// characters), then a name. On failure prints "failed to get domain 'x'" and, like virsh, drops the
    /// server's error. <paramref name="text"/> is the option's value as given.
    /// </summary>
    public async Task<(Domain? Domain, string Text)> LookupDomainAsync(LookupBy by = LookupBy.All, string option = "domain")
    {
        if (!TryString(option, out var text) || text is null) return (null, text ?? "");
        var dom = await LookupDomainByTextAsync(text, by).ConfigureAwait(false);
        return (dom, text);
    }

    /// <summary>virshLookupDomainBy for a given text.</summary>
    public async Task<Domain?> LookupDomainByTextAsync(string text, LookupBy by = LookupBy.All)
    {
        Domain? dom = null;
        if (by.HasFlag(LookupBy.Id) && CNumber.TryInt(text, out int id) && id >= 0)
            dom = await Quiet(() => Conn.LookupDomainByIdAsync(id)).ConfigureAwait(false);
        if (dom is null && by.HasFlag(LookupBy.Uuid) && text.Length == UuidText.CanonicalLength)
            dom = await Quiet(() => Conn.LookupDomainByUuidStringAsync(text)).ConfigureAwait(false);
        if (dom is null && by.HasFlag(LookupBy.Name))
            dom = await Quiet(() => Conn.LookupDomainByNameAsync(text)).ConfigureAwait(false);
        ResetError();
        if (dom is null) Error($"failed to get domain '{text}'");
        return dom;
    }

    /// <summary>virshCommandOptNetworkBy: UUID (36 characters) then name; keeps the server's error.</summary>
    public async Task<(Network? Network, string Text)> LookupNetworkAsync(LookupBy by = LookupBy.Uuid | LookupBy.Name, string option = "network")
    {
        if (!TryString(option, out var text) || text is null) return (null, text ?? "");
        Network? net = null;
        if (by.HasFlag(LookupBy.Uuid) && text.Length == UuidText.CanonicalLength)
            net = await Quiet(() => Conn.LookupNetworkByUuidStringAsync(text)).ConfigureAwait(false);
        if (net is null && by.HasFlag(LookupBy.Name))
            net = await Quiet(() => Conn.LookupNetworkByNameAsync(text)).ConfigureAwait(false);
        if (net is null) Error($"failed to get network '{text}'");
        return (net, text);
    }

    /// <summary>virshCommandOptPoolBy: UUID (36 characters) then name; keeps the server's error.</summary>
    public async Task<(StoragePool? Pool, string Text)> LookupPoolAsync(string option = "pool", LookupBy by = LookupBy.Uuid | LookupBy.Name)
    {
        if (!TryString(option, out var text) || text is null) return (null, text ?? "");
        return (await LookupPoolByTextAsync(text, by).ConfigureAwait(false), text);
    }

    /// <summary>virshCommandOptPoolBy for a given text.</summary>
    public async Task<StoragePool?> LookupPoolByTextAsync(string text, LookupBy by = LookupBy.Uuid | LookupBy.Name)
    {
        StoragePool? pool = null;
        if (by.HasFlag(LookupBy.Uuid) && text.Length == UuidText.CanonicalLength)
            pool = await Quiet(() => Conn.LookupStoragePoolByUuidStringAsync(text)).ConfigureAwait(false);
        if (pool is null && by.HasFlag(LookupBy.Name))
            pool = await Quiet(() => Conn.LookupStoragePoolByNameAsync(text)).ConfigureAwait(false);
        if (pool is null) Error($"failed to get pool '{text}'");
        return pool;
    }

    /// <summary>
    /// virshCommandOptVolBy: with --pool, by name within that (active) pool; otherwise, or if that fails, by key
    /// and then by path. A volume found outside the requested pool is refused.
    /// </summary>
    public async Task<(StorageVolume? Volume, string Text)> LookupVolumeAsync(string option = "vol", string? poolOption = "pool",
        LookupBy by = LookupBy.Uuid | LookupBy.Name)
    {
        if (!TryString(option, out var text) || text is null) return (null, text ?? "");
        string? poolText = null;
        if (poolOption is not null && !TryString(poolOption, out poolText)) return (null, text);
        StoragePool? pool = null;
        if (poolText is not null)
        {
            pool = await LookupPoolByTextAsync(poolText, by).ConfigureAwait(false);
            if (pool is null) return (null, text);
            bool active = false;
            if (!await Try(async () => active = await pool.IsActiveAsync().ConfigureAwait(false)).ConfigureAwait(false) || !active)
            {
                Error($"pool '{poolText}' is not active");
                return (null, text);
            }
        }
        StorageVolume? vol = null;
        if (pool is not null && by.HasFlag(LookupBy.Name))
            vol = await Quiet(() => pool.LookupVolumeByNameAsync(text)).ConfigureAwait(false);
        if (vol is null && by.HasFlag(LookupBy.Uuid))
            vol = await Quiet(() => Conn.LookupStorageVolumeByKeyAsync(text)).ConfigureAwait(false);
        if (vol is null && by.HasFlag(LookupBy.Uuid))
            vol = await Quiet(() => Conn.LookupStorageVolumeByPathAsync(text)).ConfigureAwait(false);
        if (vol is null)
        {
            Error(pool is not null || poolOption is null
                ? $"failed to get vol '{text}'"
                : $"failed to get vol '{text}', specifying --{poolOption} might help");
            return (null, text);
        }
        ResetError();
        if (pool is not null)
        {
            var volPool = await Quiet(() => vol.GetPoolAsync()).ConfigureAwait(false);
            if (volPool is not null && volPool.Name != pool.Name)
            {
                ResetError();
                Error($"Requested volume '{text}' is not in pool '{pool.Name}'");
                return (null, text);
            }
        }
        return (vol, text);
    }

    /// <summary>Runs an API call, returning null (and saving the error) when it fails.</summary>
    public async Task<T?> Quiet<T>(Func<Task<T>> call) where T : class
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (LibvirtException e)
        {
            Save(e);
            return null;
        }
    }

    /// <summary>Runs a yes/no API call, returning null (and saving the error) when it fails (a C int -1).</summary>
    public async Task<bool?> QuietBool(Func<Task<bool>> call)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (LibvirtException e)
        {
            Save(e);
            return null;
        }
    }

    /// <summary>Runs an API call, returning false (and saving the error) when it fails.</summary>
    public async Task<bool> Try(Func<Task> call)
    {
        try
        {
            await call().ConfigureAwait(false);
            return true;
        }
        catch (LibvirtException e)
        {
            Save(e);
            return false;
        }
    }
}
