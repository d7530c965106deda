using System.Diagnostics;
using Vireo.Integration.Tests.Infrastructure;

namespace Vireo.Integration.Tests.Network;

/// <summary>The test guest's kernel and initramfs, built (or found in its cache) by tests/guest/build.sh.</summary>
public static class GuestImage
{
    public static (string Kernel, string Initrd) Build()
    {
        var psi = new ProcessStartInfo("/bin/bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add(Path.Combine(RepoPaths.Root, "tests", "guest", "build.sh"));
        using var p = Process.Start(psi)!;
        var err = p.StandardError.ReadToEndAsync();
        var dir = p.StandardOutput.ReadToEnd().Trim().Split('\n').Last().Trim();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, "tests/guest/build.sh failed: " + err.Result);
        return (Path.Combine(dir, "vmlinuz"), Path.Combine(dir, "initrd.img"));
    }
}
