using CanvasData2.Infra.Tests.Support;
using CanvasData2.Testing;

namespace CanvasData2.Infra.Tests;

public sealed class RoleAssignmentTests
{
    public static TheoryData<string, string> IdentityRoles => new()
    {
        { "Storage Blob Data Owner", "b7e6dc6d-f1e8-4753-8033-0f276bb0955b" },
        { "Storage Queue Data Contributor", "974c5e8b-45b9-4653-ba55-5f855dd0fb88" },
        { "Storage Table Data Contributor", "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3" },
        { "Key Vault Secrets User", "4633458b-17de-408a-b874-0445c86b69e6" },
        { "Monitoring Metrics Publisher", "3913510d-42f4-4e42-8a64-420c390055eb" },
    };

    [Theory]
    [MemberData(nameof(IdentityRoles))]
    public async Task Role_assignments_grant_the_identity_each_role(string role, string roleDefinitionId)
    {
        var template = await Bicep.CompileMainAsync(TestTimeout.Seconds(180));

        // The role id and principal type sit in the assignment or in a variable it reads (the storage loop).
        var matching = template.OfType("Microsoft.Authorization/roleAssignments")
            .Select(a => a.TextWithVariables())
            .Where(text => text.Contains(roleDefinitionId, StringComparison.OrdinalIgnoreCase))
            .ToList();

        Assert.True(matching.Count > 0, $"no role assignment uses {role} ({roleDefinitionId})");
        Assert.Contains(matching, text => text.Contains("ServicePrincipal", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Role_assignments_are_scoped_to_their_resource_and_named_deterministically()
    {
        var template = await Bicep.CompileMainAsync(TestTimeout.Seconds(180));

        Assert.All(template.OfType("Microsoft.Authorization/roleAssignments"), assignment =>
        {
            Assert.StartsWith("[guid(", assignment.String("name"), StringComparison.Ordinal);
            Assert.NotNull(assignment.String("scope"));
            Assert.Contains("roleDefinitions", assignment.String("properties", "roleDefinitionId"), StringComparison.Ordinal);
        });
    }
}
