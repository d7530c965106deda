using Vireo.Model.Defaults;
using Vireo.Model.Storage;

namespace Vireo.Model.Tests;

/// <summary>Pool and volume XML: parse + test-driver defaults + format must equal libvirt's pool-define/vol-create + dumpxml.</summary>
public class StorageGoldenTests
{
    public static TheoryData<string> PoolCases => GoldenFiles.Cases("pool-");
    public static TheoryData<string> VolumeCases => GoldenFiles.Cases("volume-");

    [Theory]
    [MemberData(nameof(PoolCases))]
    public void PoolDefineThenDumpxmlMatchesLibvirt(string name)
    {
        var input = GoldenFiles.Input(name);
        var expected = GoldenFiles.Expected(name, () => $"pool-define {name}.in.xml; pool-dumpxml {GoldenFiles.NameOf(input)}");
        var pool = StoragePoolDefinition.Parse(input);
        StorageDefaults.ApplyPoolForTestDriver(pool);
        XmlAssert.Equal(GoldenFiles.MaskGenerated(expected, input), GoldenFiles.MaskGenerated(pool.ToXml(), input));
    }

    [Theory]
    [MemberData(nameof(VolumeCases))]
    public void VolumeCreateThenDumpxmlMatchesLibvirt(string name)
    {
        var input = GoldenFiles.Input(name);
        var expected = GoldenFiles.Expected(name, () => $"vol-create default-pool {name}.in.xml; vol-dumpxml --pool default-pool {GoldenFiles.NameOf(input)}");
        var vol = StorageVolumeDefinition.Parse(input);
        StorageDefaults.ApplyVolumeForTestDriver(vol, TestDriverDefaults.Pool());
        XmlAssert.Equal(expected, vol.ToXml());
    }

    [Theory]
    [MemberData(nameof(PoolCases))]
    [MemberData(nameof(VolumeCases))]
    public void FormattedOutputRoundTripsLosslessly(string name)
    {
        var golden = File.ReadAllText(GoldenFiles.OutputPath(name));
        var again = name.StartsWith("pool-", StringComparison.Ordinal)
            ? StoragePoolDefinition.Parse(golden).ToXml()
            : StorageVolumeDefinition.Parse(golden).ToXml();
        XmlAssert.Equal(golden, again);
    }
}
