namespace Vireo.Integration.Tests.Infrastructure;

/// <summary>Well-known paths of the repository the tests run from.</summary>
public static class RepoPaths
{
    private static readonly Lazy<string> RootLazy = new(FindRoot);

    /// <summary>The repository root: the first directory above the test binaries holding Vireo.sln and src/.</summary>
    public static string Root => RootLazy.Value;

    /// <summary>Where ./build puts the programs (out/bin).</summary>
    public static string BinDir => Path.Combine(Root, "out", "bin");

    /// <summary>Path of a program built by ./build, e.g. <c>Program("vireod")</c>.</summary>
    public static string Program(string name) => Path.Combine(BinDir, name);

    /// <summary>This test project's source directory (data files are read from and regenerated into it).</summary>
    public static string TestProjectDir => Path.Combine(Root, "tests", "Vireo.Integration.Tests");

    /// <summary>Compat/ of this test project.</summary>
    public static string CompatDir => Path.Combine(TestProjectDir, "Compat");

    /// <summary>Compat/fixtures/: XML files the virsh command list refers to as $FIX.</summary>
    public static string CompatFixturesDir => Path.Combine(CompatDir, "fixtures");

    private static string FindRoot()
    {
        var env = Environment.GetEnvironmentVariable("VIREO_REPO_ROOT");
        if (!string.IsNullOrEmpty(env))
        {
            return Path.GetFullPath(env);
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Vireo.sln")) && Directory.Exists(Path.Combine(dir.FullName, "src")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException(
            $"cannot find the repository root (a directory with Vireo.sln and src/) above {AppContext.BaseDirectory}; set VIREO_REPO_ROOT");
    }
}
