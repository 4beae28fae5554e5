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
    public void Function_settings_empty_uses_documented_defaults()
    {
        var settings = FunctionSettings.From(Config());

        Assert.Equal(["canvas"], settings.Namespaces);
        Assert.Equal((8, 30), (settings.MaxParallelTables, settings.HistoryRetentionDays));
    }

    [Fact]
    public void Function_settings_lists_are_trimmed_and_body_narrows_the_run()
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
    public void Function_settings_bad_number_names_the_setting(string key, string value)
    {
        var error = Assert.Throws<InvalidOperationException>(() => FunctionSettings.From(Config((key, value))));

        Assert.Contains(key, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Dap_settings_without_key_vault_reads_plain_settings()
    {
        var options = new DapClientOptions();

        DapSettings.Apply(options, Config(("DAP_API_URL", "http://127.0.0.1:5000"), ("DAP_CLIENT_ID", "id"), ("DAP_CLIENT_SECRET", "s3cret")), Substitute.For<TokenCredential>());

        Assert.Equal((new Uri("http://127.0.0.1:5000"), "id", "s3cret"), (options.BaseUrl, options.ClientId, options.ClientSecret));
    }

    [Fact]
    public void Dap_settings_missing_secret_names_the_setting_without_a_value()
    {
        var error = Assert.Throws<InvalidOperationException>(() =>
            DapSettings.Apply(new DapClientOptions(), Config(("DAP_CLIENT_ID", "id")), Substitute.For<TokenCredential>()));

        Assert.Contains("DAP_CLIENT_SECRET", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Postgres_settings_no_connection_string_and_no_host_names_the_setting()
    {
        var error = Assert.Throws<InvalidOperationException>(() => PostgresSettings.CreateDataSource(Config(), Substitute.For<TokenCredential>()));

        Assert.Contains("POSTGRES_HOST", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Postgres_settings_entra_requires_tls()
    {
        using var source = PostgresSettings.CreateDataSource(
            Config(("POSTGRES_HOST", "db.example"), ("POSTGRES_DATABASE", "cd2"), ("POSTGRES_USER", "cd2-identity")), Substitute.For<TokenCredential>());

        Assert.Contains("SSL Mode=Require", source.ConnectionString, StringComparison.Ordinal);
        Assert.DoesNotContain("Password", source.ConnectionString, StringComparison.OrdinalIgnoreCase);
    }
}
