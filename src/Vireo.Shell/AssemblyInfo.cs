using System.Runtime.CompilerServices;

// The shell tests compare the command table and help texts with virsh's.
[assembly: InternalsVisibleTo("Vireo.Shell.Tests")]
