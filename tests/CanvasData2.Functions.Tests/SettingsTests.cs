using Azure.Core;
using CanvasData2.Dap;
using CanvasData2.Functions.Configuration;
using Microsoft.Extensions.Configuration;
using NSubstitute;

namespace CanvasData2.Functions.Tests;

public sealed class SettingsTests
{
    private static IConfiguration Config(params (string Key, string Value)[] values)
        => new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => KeyValuePair.Create(v.Key, (string?)v.Value))).Build();

    [Fact]
    public void FunctionSettings_Empty_UsesDocumentedDefaults()
    {
        var settings = FunctionSettings.From(Config());

        Assert.Equal(["canvas"], settings.Namespaces);
        Assert.Equal((8, 30), (settings.MaxParallelTables, settings.HistoryRetentionDays));
    }

    [Fact]
    public void FunctionSettings_Lists_AreTrimmedAndBodyNarrowsTheRun()
    {
        var settings = FunctionSettings.From(Config(("CD2_NAMESPACES", "canvas, canvas_logs"), ("CD2_SKIP_TABLES", " web_logs ,"), ("CD2_MAX_PARALLEL_TABLES", "3")));

        var scheduled = settings.ToRequest();
        var manual = settings.ToRequest(new RefreshBody(Tables: ["accounts"]));

        Assert.Equal(["canvas", "canvas_logs"], scheduled.Namespaces!);
        Assert.Equal(["web_logs"], scheduled.SkipTables!);
        Assert.Equal(3, scheduled.MaxParallelTables);
        Assert.Equal(["accounts"], manual.IncludeTables!);
    }

    [Theory]
    [InlineData("CD2_MAX_PARALLEL_TABLES", "eight")]
    [InlineData("CD2_HISTORY_RETENTION_DAYS", "-1")]
    public void FunctionSettings_BadNumber_NamesTheSetting(string key, string value)
    {
        var error = Assert.Throws<InvalidOperationException>(() => FunctionSettings.From(Config((key, value))));

        Assert.Contains(key, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DapSettings_WithoutKeyVault_ReadsPlainSettings()
    {
        var options = new DapClientOptions();

        DapSettings.Apply(options, Config(("DAP_API_URL", "http://127.0.0.1:5000"), ("DAP_CLIENT_ID", "id"), ("DAP_CLIENT_SECRET", "s3cret")), Substitute.For<TokenCredential>());

        Assert.Equal((new Uri("http://127.0.0.1:5000"), "id", "s3cret"), (options.BaseUrl, options.ClientId, options.ClientSecret));
    }

    [Fact]
    public void DapSettings_MissingSecret_NamesTheSettingWithoutAValue()
    {
        var error = Assert.Throws<InvalidOperationException>(() =>
            DapSettings.Apply(new DapClientOptions(), Config(("DAP_CLIENT_ID", "id")), Substitute.For<TokenCredential>()));

        Assert.Contains("DAP_CLIENT_SECRET", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PostgresSettings_NoConnectionStringAndNoHost_NamesTheSetting()
    {
        var error = Assert.Throws<InvalidOperationException>(() => PostgresSettings.CreateDataSource(Config(), Substitute.For<TokenCredential>()));

        Assert.Contains("POSTGRES_HOST", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PostgresSettings_Entra_RequiresTls()
    {
        using var source = PostgresSettings.CreateDataSource(
            Config(("POSTGRES_HOST", "db.example"), ("POSTGRES_DATABASE", "cd2"), ("POSTGRES_USER", "cd2-identity")), Substitute.For<TokenCredential>());

        Assert.Contains("SSL Mode=Require", source.ConnectionString, StringComparison.Ordinal);
        Assert.DoesNotContain("Password", source.ConnectionString, StringComparison.OrdinalIgnoreCase);
    }
}
