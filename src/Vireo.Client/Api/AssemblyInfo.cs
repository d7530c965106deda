using System.Runtime.CompilerServices;

// The client tests decode event payloads and check read-only refusals through internal members.
[assembly: InternalsVisibleTo("Vireo.Client.Tests")]
