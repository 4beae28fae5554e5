using System.Text.RegularExpressions;
using CanvasData2.Infra.Tests.Support;
using CanvasData2.Testing;

namespace CanvasData2.Infra.Tests;

/// <summary>
/// On Azure the PostgreSQL password is an Entra access token: TLS must verify the certificate and host name.
/// Every Azure path (the Functions project's code, infra/, azure.yaml) is searched for a weaker mode.
/// </summary>
public sealed partial class AzureTlsTests
{
    private static readonly string[] AzurePaths = ["src/CanvasData2.Functions", "infra", "azure.yaml"];

    [Fact]
    public async Task Azure_paths_never_ask_for_unverified_tls()
    {
        var offenders = new List<string>();
        foreach (var file in AzureFiles())
        {
            var text = await File.ReadAllTextAsync(file, TestTimeout.Seconds(10));
            offenders.AddRange(WeakTls(text).Select(hit => $"{Path.GetRelativePath(Repository.Root, file)}: {hit}"));
        }

        Assert.True(offenders.Count == 0, string.Join('\n', offenders));
    }

    [Fact]
    public async Task Functions_entra_path_asks_for_verify_full()
    {
        var settings = await File.ReadAllTextAsync(
            Repository.PathOf("src/CanvasData2.Functions/Configuration/PostgresSettings.cs"), TestTimeout.Seconds(10));

        Assert.Contains("SslMode.VerifyFull", settings, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("SslMode = SslMode.Require,")]
    [InlineData("builder.SslMode = SslMode.Prefer;")]
    [InlineData("Host=h;SSL Mode=Require;Trust Server Certificate=true")]
    [InlineData("Host=h;SslMode=Allow")]
    [InlineData("export PGSSLMODE=require")]
    [InlineData("psql \"host=h sslmode=prefer\"")]
    [InlineData("$env:PGSSLMODE = 'disable'")]
    public void Weak_tls_finds_each_spelling(string line)
    {
        // Guards the search above: it must recognise every way Npgsql and libpq spell a weak mode.
        Assert.NotEmpty(WeakTls(line));
    }

    [Theory]
    [InlineData("SslMode = SslMode.VerifyFull,")]
    [InlineData("export PGSSLMODE=verify-full")]
    public void Weak_tls_accepts_verified_modes(string line) => Assert.Empty(WeakTls(line));

    private static IEnumerable<string> AzureFiles()
        => AzurePaths.Select(Repository.PathOf).SelectMany(path => File.Exists(path)
            ? [path]
            : Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories)
                .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                            && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)));

    private static List<string> WeakTls(string text)
        => [.. WeakMode().Matches(text).Select(m => m.Value), .. TrustAnyCertificate().Matches(text).Select(m => m.Value)];

    // Npgsql: SslMode.X, "SSL Mode=X", "SslMode=X"; libpq: sslmode=x, PGSSLMODE=x.
    [GeneratedRegex(@"(SslMode\s*\.\s*|SSL\s?Mode\s*=\s*|PGSSLMODE\s*=?\s*['""]?)(Require|Prefer|Allow|Disable)\b", RegexOptions.IgnoreCase)]
    private static partial Regex WeakMode();

    [GeneratedRegex(@"Trust\s?Server\s?Certificate\s*=\s*true", RegexOptions.IgnoreCase)]
    private static partial Regex TrustAnyCertificate();
}
