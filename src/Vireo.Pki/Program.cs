using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Vireo.Pki;

// vireo-pki: the "starting from scratch" PKI of libvirt's TLS setup (guide 13.2) in a few commands.
try
{
    return PkiCommand.Run(args);
}
catch (PkiException e)
{
    Console.Error.WriteLine($"vireo-pki: {e.Message}");
    return 1;
}
catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException or ArgumentException)
{
    Console.Error.WriteLine($"vireo-pki: {e.Message}");
    return 1;
}
