namespace CanvasData2.Conventions.Tests;

public sealed class LocalOnlyCodeTests
{
    /// <summary>What only a local run may do: install packages, run as another user, listen to test variables.</summary>
    private static readonly string[] LocalOnlyWords = ["apt-get", "runuser", "CD2_TEST_"];

    [Fact]
    public void No_project_that_ships_installs_packages_switches_users_or_reads_test_variables()
    {
        var src = SourceAssemblies.SourceDirectory();
        var offending = src.EnumerateDirectories()
            .Where(project => project.Name != "CanvasData2.Local")
            .SelectMany(project => project.EnumerateFiles("*", SearchOption.AllDirectories)
                .Where(file => file.Extension is ".cs" or ".csproj" or ".md" or ".json"
                    && !file.FullName.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                    && !file.FullName.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)))
            .SelectMany(file => LocalOnlyWords
                .Where(word => File.ReadAllText(file.FullName).Contains(word, StringComparison.Ordinal))
                .Select(word => $"{Path.GetRelativePath(src.FullName, file.FullName)}: {word}"))
            .ToList();

        Assert.True(src.EnumerateDirectories().Count() > 5, "src/ holds fewer projects than expected.");
        Assert.True(offending.Count == 0, "Local-only code outside CanvasData2.Local:\n" + string.Join("\n", offending));
    }
}
