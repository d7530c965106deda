using Vireo.Drivers.Domains;
using Vireo.Protocol.Errors;
using L = Vireo.Drivers.Events.DomainLifecycle;
using R = Vireo.Drivers.Domains.DomainStateReason;

namespace Vireo.Drivers.Test.Tests;

/// <summary>save/restore (libvirt's image format) and managed save.</summary>
public sealed class DomainSaveTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("vireo-test-save-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Save_and_restore_round_trip()
    {
        var c = TestKit.Default();
        var test = await TestKit.Test(c);
        await c.Domains.SetMemoryFlagsAsync(test, 1000, DomainFlags.AffectLive);
        var path = Path.Combine(_dir, "test.sav");
        using var log = new EventLog(c);

        await c.Domains.SaveAsync(test, path, null, 0);
        Assert.Equal(new DomainStateWithReason(DomainState.Shutoff, R.ShutoffSaved), await c.Domains.GetStateAsync(test, 0));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        Assert.Equal("TestGuestMagic\0"u8.ToArray(), File.ReadAllBytes(path)[..15]);

        await c.Domains.RestoreAsync(path, null, 0);
        var restored = await c.Domains.LookupByNameAsync("test");
        Assert.Equal(2, restored.Id);
        Assert.Equal(new DomainStateWithReason(DomainState.Running, R.RunningRestored), await c.Domains.GetStateAsync(restored, 0));
        Assert.Equal(1000UL, (await c.Domains.GetInfoAsync(restored)).MemoryKiB); // the saved live state came back
        Assert.Equal([("test", L.Stopped, L.StoppedSaved), ("test", L.Started, L.StartedRestored)], log.Lifecycle);

        await TestKit.Fails(() => c.Domains.RestoreAsync(path, null, 0), ErrorCode.OperationInvalid, ErrorDomain.Domain,
            "Requested operation is not valid: domain 'test' is already active");
    }

    [Fact]
    public async Task A_saved_transient_domain_disappears_and_comes_back_transient()
    {
        var c = TestKit.Default();
        var tr = await c.Domains.CreateXmlAsync(TestKit.NewDomainXml, 0);
        var path = Path.Combine(_dir, "tr.sav");
        await c.Domains.SaveAsync(tr, path, null, 0);
        Assert.DoesNotContain(await c.Domains.ListAllDomainsAsync(0), d => d.Name == "newvm");
        await c.Domains.RestoreAsync(path, null, 0);
        var back = await c.Domains.LookupByNameAsync("newvm");
        Assert.Equal(tr.Uuid, back.Uuid);
        Assert.False(await c.Domains.IsPersistentAsync(back));
    }

    [Fact]
    public async Task Restores_an_image_written_by_libvirt()
    {
        var c = TestKit.Default();
        var test = await TestKit.Test(c);
        await c.Domains.DestroyAsync(test, 0);
        await c.Domains.RestoreAsync(TestKit.GoldenPath("libvirt-saved.img"), null, 0);
        Assert.Equal(DomainState.Running, (await c.Domains.GetStateAsync(test, 0)).State);
        Assert.Equal(TestKit.Golden("default-domain.xml").Replace("id='1'", "id='2'"), await c.Domains.GetXmlDescAsync(test, 0));
    }

    [Fact]
    public async Task Bad_images_fail_as_libvirt()
    {
        var c = TestKit.Default();
        var bad = Path.Combine(_dir, "bad.sav");
        File.WriteAllText(bad, "hello world this is not a save file");
        await TestKit.Fails(() => c.Domains.RestoreAsync(bad, null, 0), ErrorCode.InternalError, ErrorDomain.Test, "internal error: mismatched header magic");
        var missing = Path.Combine(_dir, "nonexist.sav");
        await TestKit.Fails(() => c.Domains.RestoreAsync(missing, null, 0), ErrorCode.SystemError, ErrorDomain.Test,
            $"cannot read domain image '{missing}': No such file or directory");
        var shortFile = Path.Combine(_dir, "short.sav");
        File.WriteAllText(shortFile, "hi");
        await TestKit.Fails(() => c.Domains.RestoreAsync(shortFile, null, 0), ErrorCode.SystemError, ErrorDomain.Test,
            $"incomplete save header in '{shortFile}': Success");
        await TestKit.Fails(() => c.Domains.RestoreAsync(bad, "<domain/>", 0), ErrorCode.ArgumentUnsupported, ErrorDomain.Test,
            "argument unsupported: xml modification unsupported");
        var test = await TestKit.Test(c);
        var noDir = Path.Combine(_dir, "nonexist", "x.sav");
        await TestKit.Fails(() => c.Domains.SaveAsync(test, noDir, null, 0), ErrorCode.SystemError, ErrorDomain.Test,
            $"saving domain 'test' to '{noDir}': open failed: No such file or directory");
        Assert.True(await c.Domains.IsActiveAsync(test));
    }

    [Fact]
    public async Task Managed_save_then_start_boots_and_clears_the_image()
    {
        var c = TestKit.Default();
        var test = await TestKit.Test(c);
        using var log = new EventLog(c);
        await c.Domains.ManagedSaveAsync(test, 0);
        Assert.True(await c.Domains.HasManagedSaveImageAsync(test, 0));
        Assert.Equal(new DomainStateWithReason(DomainState.Shutoff, R.ShutoffSaved), await c.Domains.GetStateAsync(test, 0));
        Assert.Equal(["test"], (await c.Domains.ListAllDomainsAsync(DomainFlags.ListManagedSave)).Select(d => d.Name));
        var started = await c.Domains.CreateAsync(test, 0);
        Assert.False(await c.Domains.HasManagedSaveImageAsync(started, 0));
        Assert.Equal(new DomainStateWithReason(DomainState.Running, R.RunningBooted), await c.Domains.GetStateAsync(started, 0));
        Assert.Equal([("test", L.Stopped, L.StoppedSaved), ("test", L.Started, L.StartedBooted)], log.Lifecycle);
    }

    [Fact]
    public async Task Managed_save_remove_and_undefine_with_the_flag()
    {
        var c = TestKit.Default();
        var test = await TestKit.Test(c);
        await c.Domains.ManagedSaveAsync(test, 0);
        await c.Domains.ManagedSaveRemoveAsync(test, 0);
        Assert.False(await c.Domains.HasManagedSaveImageAsync(test, 0));
        await c.Domains.CreateAsync(test, 0);
        await c.Domains.ManagedSaveAsync(test, 0);
        await c.Domains.UndefineAsync(test, DomainFlags.UndefineManagedSave);
        Assert.Empty(await c.Domains.ListAllDomainsAsync(0));
    }
}
