using System.Net;

namespace Vireo.Daemon;

/// <summary>vireod's command line.</summary>
public sealed class DaemonOptions
{
    public string Root { get; private set; } = "/";
    public string? ConfigFile { get; private set; }
    public string? ListenTcp { get; private set; }
    public string? ListenTls { get; private set; }
    public bool ShowHelp { get; private set; }
    public bool ShowVersion { get; private set; }

    public const string Usage = """
        Usage: vireod [OPTIONS]

        Options:
          --root DIR              keep all state under DIR (DIR/etc, DIR/lib, DIR/run, DIR/log); default /
          --config FILE           configuration file (default ETC/vireod.conf)
          --listen-tcp HOST:PORT  also accept plain TCP connections (default port 16509)
          --listen-tls HOST:PORT  accept TLS connections (default port 16514)
          -h, --help              show this help
          -V, --version           show the version
        """;

    /// <summary>Parses argv; prints an error and returns null on bad usage.</summary>
    public static DaemonOptions? Parse(string[] args)
    {
        var o = new DaemonOptions();
        for (int i = 0; i < args.Length; i++)
        {
            string a = args[i];
            string? Value()
            {
                if (i + 1 < args.Length) return args[++i];
                Console.Error.WriteLine($"vireod: option {a} needs a value");
                return null;
            }
            switch (a)
            {
                case "--root": if ((o.Root = Value()!) is null) return null; break;
                case "--config" or "-f": if ((o.ConfigFile = Value()) is null) return null; break;
                case "--listen-tcp": if ((o.ListenTcp = Value()) is null) return null; break;
                case "--listen-tls": if ((o.ListenTls = Value()) is null) return null; break;
                case "-h" or "--help": o.ShowHelp = true; break;
                case "-V" or "--version": o.ShowVersion = true; break;
                default:
                    Console.Error.WriteLine($"vireod: unknown option '{a}'\n{Usage}");
                    return null;
            }
        }
        return o;
    }

    /// <summary>Parses HOST:PORT, HOST (default port), or [v6]:PORT.</summary>
    public static IPEndPoint ParseEndpoint(string text, int defaultPort)
    {
        if (IPEndPoint.TryParse(text, out var ep))
            return ep.Port == 0 ? new IPEndPoint(ep.Address, defaultPort) : ep;
        if (text == "localhost") return new IPEndPoint(IPAddress.Loopback, defaultPort);
        int colon = text.LastIndexOf(':');
        if (colon > 0 && text[..colon] == "localhost" && int.TryParse(text[(colon + 1)..], out int port))
            return new IPEndPoint(IPAddress.Loopback, port);
        throw new FormatException($"'{text}' is not a HOST:PORT address");
    }
}
