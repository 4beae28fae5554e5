using System.Reflection;
using Azure.Core;
using CanvasData2.Dap;
using CanvasData2.Functions.Configuration;
using CanvasData2.Functions.Endpoints;
using CanvasData2.Settings;
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
        Assert.Null(settings.LogRetention);
        Assert.Equal(TimeSpan.FromDays(400), FunctionSettings.From(Config(("CD2_LOG_RETENTION_DAYS", "400"))).LogRetention);
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
    [InlineData("CD2_LOG_RETENTION_DAYS", "a year")]
    public void Function_settings_bad_number_names_the_setting(string key, string value)
    {
        var error = Assert.Throws<CanvasData2.Settings.SettingException>(() => FunctionSettings.From(Config((key, value))));

        Assert.Contains(key, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Dap_settings_reads_plain_settings()
    {
        var options = new DapClientOptions();

        DapSettings.Apply(options, Config(("DAP_API_URL", "http://127.0.0.1:5000"), ("DAP_CLIENT_ID", "id"), ("DAP_CLIENT_SECRET", "s3cret")));

        Assert.Equal((new Uri("http://127.0.0.1:5000"), "id", "s3cret"), (options.BaseUrl, options.ClientId, options.ClientSecret));
    }

    [Fact]
    public void Dap_settings_missing_secret_names_the_setting_without_a_value()
    {
        var error = Assert.Throws<CanvasData2.Settings.SettingException>(() =>
            DapSettings.Apply(new DapClientOptions(), Config(("DAP_CLIENT_ID", "id"))));

        Assert.Contains("DAP_CLIENT_SECRET", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Dap_settings_unresolved_key_vault_reference_says_so_without_echoing_it()
    {
        // When the platform cannot resolve a reference, the app sees the reference text itself.
        const string reference = "@Microsoft.KeyVault(SecretUri=https://kv-x.vault.azure.net/secrets/dap-client-secret/)";

        var error = Assert.Throws<CanvasData2.Settings.SettingException>(() =>
            DapSettings.Apply(new DapClientOptions(), Config(("DAP_CLIENT_ID", "id"), ("DAP_CLIENT_SECRET", reference))));

        Assert.Contains("DAP_CLIENT_SECRET", error.Message, StringComparison.Ordinal);
        Assert.Contains("Key Vault reference", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("kv-x", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ClientId=00000000-0000-0000-0000-000000000001;Authorization=AAD", true)]
    [InlineData("Authorization=AAD", true)]
    [InlineData("", false)]
    public void Telemetry_settings_entra_authentication_string_gives_the_worker_sdk_the_app_credential(string authentication, bool expected)
    {
        var credential = Substitute.For<TokenCredential>();
        using var telemetry = new Microsoft.ApplicationInsights.Extensibility.TelemetryConfiguration();

        TelemetrySettings.Apply(telemetry, Config((TelemetrySettings.AuthenticationStringKey, authentication)), credential);

        // The 2.x SDK keeps the credential in an internal envelope; nothing public reads it back.
        var envelope = typeof(Microsoft.ApplicationInsights.Extensibility.TelemetryConfiguration)
            .GetProperty("CredentialEnvelope", BindingFlags.Instance | BindingFlags.NonPublic)!
            .GetValue(telemetry);
        var held = envelope?.GetType().GetProperty("Credential", BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic)!.GetValue(envelope);
        Assert.Equal(expected, ReferenceEquals(credential, held));
    }

    [Fact]
    public void Telemetry_settings_the_worker_never_samples_the_run_summary_away()
    {
        var options = new Microsoft.ApplicationInsights.WorkerService.ApplicationInsightsServiceOptions();

        TelemetrySettings.Apply(options);

        Assert.False(options.EnableAdaptiveSampling);
    }

    [Fact]
    public void Reader_settings_read_the_templates_json_into_entra_readers()
    {
        var readers = ReaderSettings.From(Config((SettingNames.Readers,
            """[{"name":"CD2 readers","objectId":"6c3a5f5e-0000-4000-8000-000000000001","type":"group"},{"name":"ada@example.org","objectId":"6c3a5f5e-0000-4000-8000-000000000002","type":"user"}]""")));

        Assert.Equal(
            [new Replication.ReaderRole("CD2 readers", "6c3a5f5e-0000-4000-8000-000000000001", "group"), new Replication.ReaderRole("ada@example.org", "6c3a5f5e-0000-4000-8000-000000000002", "user")],
            readers);
        Assert.Empty(ReaderSettings.From(Config((SettingNames.Readers, ""))));
        Assert.Empty(ReaderSettings.From(Config((SettingNames.Readers, "[]"))));
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("""[{"name":"x","objectId":"not-a-guid","type":"group"}]""")]
    [InlineData("""[{"name":"x","objectId":"6c3a5f5e-0000-4000-8000-000000000001","type":"team"}]""")]
    [InlineData("""[{"objectId":"6c3a5f5e-0000-4000-8000-000000000001","type":"group"}]""")]
    public void Reader_settings_bad_values_name_the_setting(string raw)
    {
        var error = Assert.Throws<CanvasData2.Settings.SettingException>(() => ReaderSettings.From(Config((SettingNames.Readers, raw))));

        Assert.Contains(SettingNames.Readers, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Azure_credential_on_azure_is_the_user_assigned_managed_identity_only()
    {
        var credential = AzureCredentials.Create(Config((AzureCredentials.ClientIdKey, "00000000-0000-0000-0000-000000000001")));

        Assert.IsType<Azure.Identity.ManagedIdentityCredential>(credential);
    }

    [Fact]
    public void Azure_credential_without_a_client_id_is_the_developer_chain()
        => Assert.IsType<Azure.Identity.DefaultAzureCredential>(AzureCredentials.Create(Config()));

    [Fact]
    public void Function_classes_every_class_with_an_instance_function_is_registered_for_start_up_validation()
    {
        var withInstanceFunctions = typeof(FunctionClasses).Assembly.GetTypes()
            .Where(t => t.GetMethods(BindingFlags.Instance | BindingFlags.Public | BindingFlags.DeclaredOnly)
                .Any(m => m.GetCustomAttribute<Microsoft.Azure.Functions.Worker.FunctionAttribute>() is not null))
            .OrderBy(t => t.Name, StringComparer.Ordinal);

        Assert.Equal(withInstanceFunctions, FunctionClasses.All.OrderBy(t => t.Name, StringComparer.Ordinal));
    }

    [Theory]
    [InlineData(null, PostgresSettings.DefaultPoolSize)]
    [InlineData("4", 4)]
    public void Postgres_settings_pool_is_bounded_on_both_paths(string? poolSize, int expected)
    {
        var pool = poolSize is null ? [] : new[] { (SettingNames.DbPoolSize, poolSize) };
        using var entra = PostgresSettings.CreateDataSource(
            Config([("POSTGRES_HOST", "db.example"), ("POSTGRES_DATABASE", "cd2"), ("POSTGRES_USER", "cd2-identity"), .. pool]), Substitute.For<TokenCredential>());
        using var plain = PostgresSettings.CreateDataSource(
            Config([("DAP_CONNECTION_STRING", "Host=127.0.0.1;Username=postgres;Database=cd2;Maximum Pool Size=100"), .. pool]), Substitute.For<TokenCredential>());

        Assert.Equal(expected, new Npgsql.NpgsqlConnectionStringBuilder(entra.ConnectionString).MaxPoolSize);
        Assert.Equal(expected, new Npgsql.NpgsqlConnectionStringBuilder(plain.ConnectionString).MaxPoolSize);
    }

    [Fact]
    public void Postgres_settings_accept_the_uri_form_cd2_accepts()
    {
        using var source = PostgresSettings.CreateDataSource(
            Config(("DAP_CONNECTION_STRING", "postgresql://reader:pw@db.example:5433/cd2?sslmode=verify-full")), Substitute.For<TokenCredential>());

        var built = new Npgsql.NpgsqlConnectionStringBuilder(source.ConnectionString);
        Assert.Equal(("db.example", 5433, "cd2", "reader", Npgsql.SslMode.VerifyFull), (built.Host, built.Port, built.Database, built.Username, built.SslMode));
    }

    [Fact]
    public void Postgres_settings_bad_connection_string_names_the_setting_without_quoting_it()
    {
        var error = Assert.Throws<CanvasData2.Settings.SettingException>(() => PostgresSettings.CreateDataSource(
            Config(("DAP_CONNECTION_STRING", "Host=x;Bogus Keyword=1;Password=pw-never-shown")), Substitute.For<TokenCredential>()));

        Assert.Contains("DAP_CONNECTION_STRING", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("pw-never-shown", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Postgres_settings_pool_size_that_is_not_a_positive_number_names_the_setting()
    {
        var error = Assert.Throws<CanvasData2.Settings.SettingException>(() => PostgresSettings.CreateDataSource(
            Config(("DAP_CONNECTION_STRING", "Host=127.0.0.1;Database=cd2"), (SettingNames.DbPoolSize, "0")), Substitute.For<TokenCredential>()));

        Assert.Contains(SettingNames.DbPoolSize, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Postgres_settings_roles_of_entra_readers_are_made_in_the_postgres_database_with_the_same_sign_in()
    {
        var entra = Config(("POSTGRES_HOST", "db.example"), ("POSTGRES_DATABASE", "cd2"), ("POSTGRES_USER", "cd2-identity"));
        using var admin = PostgresSettings.CreateRoleAdminDataSource(entra, Substitute.For<TokenCredential>());
        var settings = new Npgsql.NpgsqlConnectionStringBuilder(admin!.ConnectionString);

        Assert.Equal(("db.example", "postgres", "cd2-identity", Npgsql.SslMode.VerifyFull), (settings.Host, settings.Database, settings.Username, settings.SslMode));
        Assert.Null(PostgresSettings.CreateRoleAdminDataSource(Config(("DAP_CONNECTION_STRING", "Host=127.0.0.1;Database=cd2")), Substitute.For<TokenCredential>()));
    }

    [Fact]
    public void Postgres_settings_no_connection_string_and_no_host_names_the_setting()
    {
        var error = Assert.Throws<CanvasData2.Settings.SettingException>(() => PostgresSettings.CreateDataSource(Config(), Substitute.For<TokenCredential>()));

        Assert.Contains("POSTGRES_HOST", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Postgres_settings_entra_verifies_the_server_certificate_and_host_name()
    {
        using var source = PostgresSettings.CreateDataSource(
            Config(("POSTGRES_HOST", "db.example"), ("POSTGRES_DATABASE", "cd2"), ("POSTGRES_USER", "cd2-identity")), Substitute.For<TokenCredential>());
        var settings = new Npgsql.NpgsqlConnectionStringBuilder(source.ConnectionString);

        // The Entra token is the password: Require/Prefer would hand it to any server presenting any certificate.
        Assert.Equal(Npgsql.SslMode.VerifyFull, settings.SslMode);
        Assert.Null(settings.RootCertificate);
        Assert.DoesNotContain("Password", source.ConnectionString, StringComparison.OrdinalIgnoreCase);
    }
}
