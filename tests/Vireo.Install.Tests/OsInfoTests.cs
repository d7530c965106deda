using Vireo.Install.OsInfo;

namespace Vireo.Install.Tests;

/// <summary>The real osinfo-db (Debian package osinfo-db, /usr/share/osinfo) read by our loader.</summary>
public sealed class OsInfoTests
{
    private static OsInfoDatabase Db()
    {
        if (!Directory.Exists("/usr/share/osinfo/os"))
            throw new InvalidOperationException("osinfo-db is not installed (scripts/setup installs it)");
        return OsInfoDatabase.Default;
    }

    [Fact]
    public void ModernLinuxHasVirtioAndUsb3OldRhelHasNeither()
    {
        var f37 = Db().Lookup("fedora37")!;
        Assert.True(f37.SupportsVirtioDisk);
        Assert.True(f37.SupportsVirtioNet);
        Assert.True(f37.SupportsUsb3);
        var rhel5 = Db().Lookup("rhel5.0")!;
        Assert.False(rhel5.SupportsVirtioDisk);
        Assert.False(rhel5.SupportsUsb3);
    }

    [Fact]
    public void RecommendedResourcesFollowTheArchThenAllThenTwiceTheMinimum()
    {
        var rhel5 = Db().Lookup("rhel5.0")!;
        Assert.Equal(1073741824, rhel5.RecommendedRam("x86_64"));
        Assert.Equal(5368709120, rhel5.RecommendedStorage("x86_64"));
        // linux2020 has resources inherit="true": they come from the OS it derives from (ubuntu 20.04)
        var generic = Db().Lookup("linux2020")!;
        Assert.Equal(Db().Lookup("ubuntu20.04")!.RecommendedRam("x86_64"), generic.RecommendedRam("x86_64"));
        Assert.True(generic.RecommendedRam("x86_64") > 0);
    }

    [Fact]
    public void ListIsNaturallySortedWithNewerVersionsFirst()
    {
        var names = Db().ListSorted().Select(o => o.ShortId).ToList();
        Assert.True(names.IndexOf("fedora37") < names.IndexOf("fedora9"), "fedora37 before fedora9");
        Assert.True(names.IndexOf("almalinux9") < names.IndexOf("almalinux8"));
        Assert.Contains("generic", names);
    }

    [Fact]
    public void UnknownNameGetsCloseSuggestions()
    {
        Assert.Null(Db().Lookup("fedora999"));
        Assert.Contains(Db().Suggest("fedora999"), s => s.StartsWith("fedora", StringComparison.Ordinal));
    }
}
