namespace Vireo.Drivers.Domains;

/// <summary>What virConnectListAllDomains filters on, for one domain.</summary>
public readonly record struct DomainListFacts(bool IsActive, bool IsPersistent, DomainState State, bool HasManagedSave,
    bool Autostart, bool HasSnapshot, bool HasCheckpoint = false);

/// <summary>libvirt's virDomainObjListFilter: each pair of flags filters only when one of the pair is given.</summary>
public static class DomainListFilter
{
    public static bool Matches(DomainListFacts d, uint flags)
    {
        static bool Pair(uint flags, uint yes, uint no, bool value) =>
            (flags & (yes | no)) == 0 || ((flags & yes) != 0 && value) || ((flags & no) != 0 && !value);

        if (!Pair(flags, DomainFlags.ListActive, DomainFlags.ListInactive, d.IsActive))
            return false;
        if (!Pair(flags, DomainFlags.ListPersistent, DomainFlags.ListTransient, d.IsPersistent))
            return false;
        const uint stateFlags = DomainFlags.ListRunning | DomainFlags.ListPaused | DomainFlags.ListShutoff | DomainFlags.ListOther;
        if ((flags & stateFlags) != 0)
        {
            bool ok = d.State switch
            {
                DomainState.Running => (flags & DomainFlags.ListRunning) != 0,
                DomainState.Paused => (flags & DomainFlags.ListPaused) != 0,
                DomainState.Shutoff => (flags & DomainFlags.ListShutoff) != 0,
                _ => (flags & DomainFlags.ListOther) != 0,
            };
            if (!ok)
                return false;
        }
        return Pair(flags, DomainFlags.ListManagedSave, DomainFlags.ListNoManagedSave, d.HasManagedSave)
            && Pair(flags, DomainFlags.ListAutostart, DomainFlags.ListNoAutostart, d.Autostart)
            && Pair(flags, DomainFlags.ListHasSnapshot, DomainFlags.ListNoSnapshot, d.HasSnapshot)
            && Pair(flags, DomainFlags.ListHasCheckpoint, DomainFlags.ListNoCheckpoint, d.HasCheckpoint);
    }
}
