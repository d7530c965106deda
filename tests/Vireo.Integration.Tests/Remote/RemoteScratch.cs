using System.Net;
using System.Net.Sockets;

namespace Vireo.Integration.Tests.Remote;

/// <summary>
/// A temp directory for the remote-access tests: libvirt auth.conf files, small executable scripts (ext
/// commands, ssh wrappers), and a free loopback port. Removed on dispose.
/// </summary>
public sealed class RemoteScratch : IDisposable
{
    public RemoteScratch(string prefix = "vireo-remote-")
    {
        // as root, a libvirtd running as nobody and sshd's StrictModes-free setup both need a world-traversable dir
        Dir = Directory.CreateTempSubdirectory(prefix).FullName;
        File.SetUnixFileMode(Dir, (UnixFileMode)Convert.ToInt32("755", 8));
    }

    public string Dir { get; }

    public string PathOf(string name) => System.IO.Path.Combine(Dir, name);

    /// <summary>Writes libvirt's auth.conf giving AUTHNAME/PASSWORD for every host.</summary>
    public string AuthFile(string name, string authname, string password)
    {
        var path = PathOf(name);
        File.WriteAllText(path, $"[credentials-vireo]\nauthname={authname}\npassword={password}\n\n[auth-libvirt-default]\ncredentials=vireo\n");
        return path;
    }

    /// <summary>Writes an executable /bin/sh script.</summary>
    public string Script(string name, string body)
    {
        var path = PathOf(name);
        File.WriteAllText(path, "#!/bin/sh\n" + body + "\n");
        File.SetUnixFileMode(path, (UnixFileMode)Convert.ToInt32("755", 8));
        return path;
    }

    /// <summary>A loopback TCP port nobody listens on right now.</summary>
    public static int FreePort()
    {
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)probe.LocalEndPoint!).Port;
    }

    public void Dispose()
    {
        if (Environment.GetEnvironmentVariable("VIREO_KEEP_TMP") == "1") return;
        try { Directory.Delete(Dir, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
