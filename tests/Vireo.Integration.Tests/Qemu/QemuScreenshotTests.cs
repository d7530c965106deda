using System.Text;
using Vireo.Integration.Tests.Infrastructure;

namespace Vireo.Integration.Tests.Qemu;

/// <summary>virsh screenshot and vsh screenshot against vireod: a PPM of the guest's VGA display, streamed over RPC.</summary>
[Trait("Category", "Integration")]
[Collection(QemuConsoleGuestCollection.Name)]
public sealed class QemuScreenshotTests(QemuConsoleGuestFixture guest)
{
    /// <summary>The VGA text mode the BIOS leaves the display in (80x25 cells of 9x16 pixels); the guest never switches it.</summary>
    private const int TextModeWidth = 720, TextModeHeight = 400;

    [Fact]
    public void VirshAndVshScreenshotsAreValidPpmsOfTheVgaMode()
    {
        if (guest.SkipReason is not null)
        {
            Console.WriteLine("skipped: " + guest.SkipReason);
            return;
        }
        foreach (var (client, name) in new[] { (ProcessRunner.VirshPath, "virsh"), (RepoPaths.Program("vsh"), "vsh") })
        {
            var file = Path.Combine(guest.WorkDir, name + ".ppm");
            var r = ProcessRunner.Run(client, ["-c", guest.QemuUri, "screenshot", QemuConsoleGuestFixture.Domain, file],
                environment: ProcessRunner.LibvirtClientEnvironment, timeout: TimeSpan.FromSeconds(60), mergeStderr: true);
            Assert.True(r.Succeeded, $"{name}: {r}\n{guest.Describe()}");
            Assert.Equal($"Screenshot saved to {file}, with type of image/x-portable-pixmap", r.Stdout.Trim());
            var (width, height) = PpmSize(File.ReadAllBytes(file));
            Assert.Equal((TextModeWidth, TextModeHeight), (width, height));
        }
    }

    [Fact]
    public void ScreenshotOfAScreenThatDoesNotExistFails()
    {
        if (guest.SkipReason is not null)
        {
            Console.WriteLine("skipped: " + guest.SkipReason);
            return;
        }
        var file = Path.Combine(guest.WorkDir, "screen1.ppm");
        var r = ProcessRunner.Virsh(guest.QemuUri, ["screenshot", QemuConsoleGuestFixture.Domain, file, "--screen", "1"], TimeSpan.FromSeconds(60), mergeStderr: true);
        Assert.False(r.Succeeded);
        Assert.Contains("error: could not take a screenshot of " + QemuConsoleGuestFixture.Domain, r.Stdout);
        Assert.False(File.Exists(file));
    }

    /// <summary>Checks a binary PPM (P6, maxval 255) and returns its size: header fields, then exactly width*height*3 bytes.</summary>
    private static (int Width, int Height) PpmSize(byte[] ppm)
    {
        int pos = 0;
        string Field()
        {
            while (pos < ppm.Length && char.IsWhiteSpace((char)ppm[pos])) pos++;
            int start = pos;
            while (pos < ppm.Length && !char.IsWhiteSpace((char)ppm[pos])) pos++;
            return Encoding.ASCII.GetString(ppm, start, pos - start);
        }
        Assert.Equal("P6", Field());
        int width = int.Parse(Field(), System.Globalization.CultureInfo.InvariantCulture);
        int height = int.Parse(Field(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal("255", Field());
        pos++; // the single whitespace before the raster
        Assert.Equal(width * height * 3, ppm.Length - pos);
        return (width, height);
    }
}
