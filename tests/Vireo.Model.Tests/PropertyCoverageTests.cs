using System.Collections;
using System.Reflection;
using Vireo.Model.Domain;
using Vireo.Model.Network;
using Vireo.Model.Storage;

namespace Vireo.Model.Tests;

/// <summary>Every typed property of the models must be exercised by some golden input, or the goldens do not cover the mapping.</summary>
public class PropertyCoverageTests
{
    // Live-only or driver-specific: the test driver's define never keeps them, so no golden from it can show them.
    private static readonly string[] NotFromTestDriver =
    [
        "CharDevice.TargetState",           // channel state exists only in a running domain's XML
        "DomainDefinition.NamespaceElements", // kept for QEMU (qemu:commandline); the test driver drops namespaces
    ];

    [Fact]
    public void EveryMappedPropertyIsSetBySomeGoldenInput()
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var all = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in Directory.GetFiles(GoldenFiles.Dir, "*.out.xml"))
        {
            var xml = File.ReadAllText(file);
            object model = Path.GetFileName(file) switch
            {
                var n when n.StartsWith("domain-", StringComparison.Ordinal) || n.StartsWith("testdriver-domain", StringComparison.Ordinal) => DomainDefinition.Parse(xml),
                var n when n.Contains("network-", StringComparison.Ordinal) => NetworkDefinition.Parse(xml),
                var n when n.Contains("pool-", StringComparison.Ordinal) => StoragePoolDefinition.Parse(xml),
                var n when n.StartsWith("volume-", StringComparison.Ordinal) => StorageVolumeDefinition.Parse(xml),
                _ => new object(),
            };
            Walk(model, seen, all, []);
        }
        var missing = all.Except(seen).Except(NotFromTestDriver).Order(StringComparer.Ordinal).ToList();
        Assert.True(missing.Count == 0, "properties never set by any golden: " + string.Join(", ", missing));
    }

    private static void Walk(object? o, HashSet<string> seen, HashSet<string> all, HashSet<object> visited)
    {
        if (o is null || o.GetType().Namespace?.StartsWith("Vireo.Model", StringComparison.Ordinal) != true || !visited.Add(o))
            return;
        foreach (var p in o.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (p.GetIndexParameters().Length > 0 || p.PropertyType.IsValueType && p.SetMethod is null && p.PropertyType != typeof(bool))
                continue;
            if (p.SetMethod is null && !typeof(IEnumerable).IsAssignableFrom(p.PropertyType))
                continue;
            if (p.DeclaringType == typeof(Vireo.Model.Xml.ModelElement))
                continue; // generic leftovers, not a mapping
            var key = p.DeclaringType!.Name + "." + p.Name;
            all.Add(key);
            var v = p.GetValue(o);
            if (Nullable.GetUnderlyingType(p.PropertyType) is not null ? v is not null : IsSet(v))
                seen.Add(key);
            if (v is IEnumerable list and not string)
                foreach (var item in list)
                    Walk(item, seen, all, visited);
            else
                Walk(v, seen, all, visited);
        }
    }

    private static bool IsSet(object? v) => v switch
    {
        null => false,
        string s => s.Length > 0,
        bool b => b,
        Guid g => g != Guid.Empty,
        ICollection c => c.Count > 0,
        int i => i != 0,
        uint u => u != 0,
        long l => l != 0,
        ulong ul => ul != 0,
        _ => true,
    };
}
