using Vireo.Shell.Output;

namespace Vireo.Shell.Tests.Output;

/// <summary>vsh-table.c layouts, against text virsh 9.0 printed (Compat/expected-libvirtd.txt of the integration tests).</summary>
public class TextTableTests
{
    [Fact]
    public void DomainList()
    {
        var t = new TextTable("Id", "Name", "State");
        t.Add("1", "test", "running");
        t.Add("-", "newvm", "shut off");
        Assert.Equal(
            " Id   Name    State\n" +
            "------------------------\n" +
            " 1    test    running\n" +
            " -    newvm   shut off\n", t.Render(withHeader: true));
    }

    [Fact]
    public void NetworkList()
    {
        var t = new TextTable("Name", "State", "Autostart", "Persistent");
        t.Add("default", "active", "no", "yes");
        Assert.Equal(
            " Name      State    Autostart   Persistent\n" +
            "--------------------------------------------\n" +
            " default   active   no          yes\n", t.Render(true));
    }

    [Fact]
    public void EmptyTableIsHeaderAndDashes()
    {
        var t = new TextTable("Id", "Name", "State");
        Assert.Equal(" Id   Name   State\n" + "--------------------\n", t.Render(true));
    }

    [Fact]
    public void QuietModeDropsTheHeaderAndItsWidths()
    {
        var t = new TextTable("Id", "Name", "State");
        t.Add("1", "test", "running");
        Assert.Equal(" 1   test   running\n", t.Render(withHeader: false));
    }

    [Fact]
    public void ControlCharactersAreEscaped()
    {
        var t = new TextTable("Name", "X");
        t.Add("a\tb", "y");
        Assert.Equal(" Name     X\n-------------\n a\\x09b   y\n", t.Render(true));
    }
}
