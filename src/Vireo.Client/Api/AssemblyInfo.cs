using System.Runtime.CompilerServices;

// The client tests decode event payloads and check read-only refusals through internal members; the shell tests
// build detached handles to check how events are printed.
[assembly: InternalsVisibleTo("Vireo.Client.Tests")]
[assembly: InternalsVisibleTo("Vireo.Shell.Tests")]
