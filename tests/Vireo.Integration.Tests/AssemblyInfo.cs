using System.Runtime.Versioning;

// Vireo runs on Linux only (UNIX sockets, libvirtd, setpriv, /proc).
[assembly: SupportedOSPlatform("linux")]
