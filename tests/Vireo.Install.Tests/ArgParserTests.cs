using Vireo.Install;
using Vireo.Install.Cli;

namespace Vireo.Install.Tests;

/// <summary>virt-install's argparse syntax: the guide's old spellings convert to the modern options.</summary>
public sealed class ArgParserTests
{
    private static InstallOptions Parse(params string[] argv) => InstallOptions.FromArgs(new ArgParser(InstallArgs.Specs).Parse(argv));

    [Fact]
    public void GuideExample21OldFlagsBecomeDiskMemoryGraphicsAndNetwork()
    {
        var o = Parse("--accelerate", "--hvm", "--connect", "qemu:///system", "--network", "network:default", "--name", "rhel3support",
            "--ram=756", "--file=/x/rhel3support.img", "--file-size=6", "--vnc", "--cdrom=/dev/sr0");
        Assert.Equal("rhel3support", o.Name);
        Assert.Equal(756, o.MemoryMiB);
        Assert.Equal("/x/rhel3support.img", o.Disks.Single().Get("path"));
        Assert.Equal("6", o.Disks.Single().Get("size"));
        Assert.Equal("vnc", o.Graphics.Single().Get("type"));
        Assert.Equal("network:default", o.Networks.Single().Get("type"));
        Assert.Equal("/dev/sr0", o.Cdrom);
    }

    [Fact]
    public void ShortOptionsAndNonsparseAsInChapter3()
    {
        var o = Parse("-n", "rhel5PV", "-r", "500", "-f", "/x/rhel5PV.dsk", "-s", "3", "--vnc", "-p", "-l", "http://h/tree/", "--nonsparse");
        Assert.True(o.Paravirt);
        Assert.Equal("http://h/tree/", o.Location);
        Assert.Equal("no", o.Disks.Single().Get("sparse"));
    }

    [Fact]
    public void SingleDashHvmIsGroupedShortFlagsAsArgparseReadsIt()
    {
        // argparse reads "-hvm" as -h -v -m, and -m/--mac then lacks its value (real virt-install says the same)
        var e = Assert.Throws<ArgParseException>(() => Parse("-hvm", "-s", "5"));
        Assert.Equal("argument -m/--mac: expected one argument", e.Message);
    }

    [Fact]
    public void UniquePrefixesResolveAndAmbiguousOnesFail()
    {
        Assert.Equal("3", Parse("--name", "x", "--file", "/a", "--file-s", "3").Disks.Single().Get("size"));
        var e = Assert.Throws<ArgParseException>(() => Parse("--no", "x"));
        Assert.StartsWith("ambiguous option: --no could match", e.Message);
    }

    [Fact]
    public void DiskSubOptionsKeepTheLeadingPath()
    {
        var s = SubOptions.Parse("--disk", "/var/x.img,size=8,bus=virtio,format=qcow2", "path");
        Assert.Equal("/var/x.img", s.Get("path"));
        Assert.Equal("virtio", s.Get("bus"));
        var e = Assert.Throws<InstallException>(() => s.CheckKnown("path", "size"));
        Assert.Equal("Unknown --disk options: ['bus']", e.Message);
    }
}
