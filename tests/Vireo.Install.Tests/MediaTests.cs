using System.Diagnostics;
using System.Text;
using Vireo.Install.Media;

namespace Vireo.Install.Tests;

/// <summary>Our ISO 9660 writer (cloud-init seed) and reader (--location ISO), checked against the real xorriso.</summary>
public sealed class MediaTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("vireo-install-media-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    [Fact]
    public void SeedIsoRoundTripsAndXorrisoSeesTheFilesAndLabel()
    {
        var iso = Path.Combine(_dir, "seed.iso");
        var big = Encoding.ASCII.GetBytes(new string('x', 5000));
        Iso9660Writer.Write(iso, "cidata", new[] { ("user-data", "#cloud-config\n"u8.ToArray()), ("meta-data", big) });

        using (var r = Iso9660Reader.Open(iso))
        {
            var e = r.Find("user-data")!;
            using var ms = new MemoryStream();
            r.CopyTo(e, ms);
            Assert.Equal("#cloud-config\n", Encoding.ASCII.GetString(ms.ToArray()));
            Assert.Equal(5000, r.Find("META-DATA")!.Length);
            Assert.Null(r.Find("nothing"));
        }

        if (!File.Exists("/usr/bin/xorriso"))
            return; // xorriso (Debian) is the independent check; the round trip above still ran
        var psi = new ProcessStartInfo("xorriso", $"-indev {iso} -pvd_info -ls /") { RedirectStandardOutput = true, RedirectStandardError = true };
        using var p = Process.Start(psi)!;
        var output = p.StandardOutput.ReadToEnd() + p.StandardError.ReadToEnd();
        p.WaitForExit();
        Assert.Contains("CIDATA", output);
        Assert.Contains("USER-DATA", output, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("META-DATA", output, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void ReaderFindsKernelInAnIsoBuiltByXorrisoWithRockRidgeNames()
    {
        if (!File.Exists("/usr/bin/xorriso"))
            throw new InvalidOperationException("xorriso is not installed (scripts/setup installs it)");
        var tree = Path.Combine(_dir, "tree", "images", "pxeboot");
        Directory.CreateDirectory(tree);
        File.WriteAllText(Path.Combine(tree, "vmlinuz"), "kernel-bytes");
        File.WriteAllText(Path.Combine(tree, "initrd.img"), "initrd-bytes");
        var iso = Path.Combine(_dir, "inst.iso");
        var psi = new ProcessStartInfo("xorriso", $"-as mkisofs -R -o {iso} {Path.Combine(_dir, "tree")}") { RedirectStandardError = true, RedirectStandardOutput = true };
        using (var p = Process.Start(psi)!)
        {
            p.StandardError.ReadToEnd();
            p.WaitForExit();
            Assert.Equal(0, p.ExitCode);
        }

        using var r = Iso9660Reader.Open(iso);
        var k = r.Find("images/pxeboot/vmlinuz")!;
        using var ms = new MemoryStream();
        r.CopyTo(k, ms);
        Assert.Equal("kernel-bytes", Encoding.ASCII.GetString(ms.ToArray()));
        Assert.NotNull(r.Find("images/pxeboot/initrd.img"));
    }

    [Fact]
    public void NotAnIsoIsAClearError()
    {
        var f = Path.Combine(_dir, "plain.bin");
        File.WriteAllBytes(f, new byte[40000]);
        var e = Assert.Throws<InstallException>(() => Iso9660Reader.Open(f));
        Assert.Contains("is not an ISO 9660 image", e.Message);
    }

    [Fact]
    public void CpioNewcHeaderCarriesNameSizeAndTrailer()
    {
        using var ms = new MemoryStream();
        CpioNewc.Write(ms, new[] { ("ks.cfg", "install\n"u8.ToArray()) });
        var text = Encoding.ASCII.GetString(ms.ToArray());
        Assert.StartsWith("070701", text);
        Assert.Equal("00000008", text.Substring(6 + 6 * 8, 8)); // c_filesize
        Assert.Contains("ks.cfg\0", text);
        Assert.Contains("install\n", text);
        Assert.Contains("TRAILER!!!", text);
        Assert.Equal(0, ms.Length % 4);
    }
}
