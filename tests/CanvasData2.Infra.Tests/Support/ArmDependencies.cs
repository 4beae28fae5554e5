using System.Text.Json;
using System.Text.RegularExpressions;

namespace CanvasData2.Infra.Tests.Support;

/// <summary>
/// The dependsOn graph of one (module) template as bicep emits it: a child resource named
/// <c>[format('{0}/{1}', a, b)]</c> is the target of <c>[resourceId('type', a, b)]</c>.
/// </summary>
internal sealed partial class ArmDependencies(IReadOnlyList<ArmResource> resources)
{
    /// <summary>The graph of the template that holds <paramref name="member"/>.</summary>
    public static ArmDependencies Of(ArmTemplate template, ArmResource member)
        => new(template.Resources.Where(r => r.Template.Equals(member.Template)).ToList());

    /// <summary>
    /// The graph as ARM runs it when the conditional resources are not deployed: ARM drops a dependency on a
    /// resource whose condition is false, so no ordering may pass through one.
    /// </summary>
    public ArmDependencies WithoutConditionalResources()
        => new(resources.Where(r => r.Find("condition") is null).ToList());

    /// <summary>Whether <paramref name="resource"/> waits, directly or through others, for <paramref name="prerequisite"/>.</summary>
    public bool DependsOn(ArmResource resource, ArmResource prerequisite)
    {
        var seen = new HashSet<ArmResource>();
        var pending = new Stack<ArmResource>(Direct(resource));
        while (pending.TryPop(out var next))
        {
            if (next == prerequisite)
            {
                return true;
            }

            if (seen.Add(next))
            {
                foreach (var further in Direct(next))
                {
                    pending.Push(further);
                }
            }
        }

        return false;
    }

    private IEnumerable<ArmResource> Direct(ArmResource resource)
    {
        if (resource.Find("dependsOn") is not { ValueKind: JsonValueKind.Array } dependsOn)
        {
            return [];
        }

        var keys = dependsOn.EnumerateArray().Select(d => KeyOfReference(d.GetString()!)).ToHashSet(StringComparer.Ordinal);
        return resources.Where(r => keys.Contains(KeyOf(r)));
    }

    private static string KeyOf(ArmResource resource)
    {
        var name = resource.String("name")!;
        var format = FormatName().Match(name);
        return $"{resource.Type}|{(format.Success ? format.Groups["args"].Value : name.Trim('[', ']'))}";
    }

    private static string KeyOfReference(string reference)
    {
        var match = ResourceId().Match(reference);
        return match.Success ? $"{match.Groups["type"].Value}|{match.Groups["args"].Value}" : reference;
    }

    [GeneratedRegex(@"^\[format\('\{0\}/\{1\}', (?<args>.+)\)\]$")]
    private static partial Regex FormatName();

    [GeneratedRegex(@"^\[resourceId\('(?<type>[^']+)', (?<args>.+)\)\]$")]
    private static partial Regex ResourceId();
}
