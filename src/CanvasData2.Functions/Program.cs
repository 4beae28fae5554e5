using Azure.Core;
using CanvasData2.Dap;
using CanvasData2.Functions.Configuration;
using CanvasData2.Functions.Endpoints;
using CanvasData2.Orchestration;
using CanvasData2.Replication;
using Microsoft.ApplicationInsights.Extensibility;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();

var configuration = builder.Configuration;

// A missing service or function dependency fails the start, not the first run three hours later.
builder.ConfigureContainer(new DefaultServiceProviderFactory(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true }));

var credential = AzureCredentials.Create(configuration);
builder.Services.AddSingleton<TokenCredential>(credential);
if (TelemetrySettings.Enabled(configuration))
{
    builder.Services.AddApplicationInsightsTelemetryWorkerService(TelemetrySettings.Apply)
        .ConfigureFunctionsApplicationInsights()
        .Configure<TelemetryConfiguration>(telemetry => TelemetrySettings.Apply(telemetry, configuration, credential));
}

// Our own Information events (the run summary above all) reach every provider, whatever the defaults.
builder.Logging.AddFilter("CanvasData2", LogLevel.Information);

// Read once at start-up (AddReplica configures its options right here, and a bad value should stop the worker).
var settings = FunctionSettings.From(configuration);
builder.Services.AddSingleton(settings);
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddSingleton(sp => PostgresSettings.CreateDataSource(configuration, sp.GetRequiredService<TokenCredential>()));
builder.Services.AddReplica(options =>
{
    options.WindowedRetention = settings.LogRetention;
    options.Readers = ReaderSettings.From(configuration);
    options.RoleAdminDataSource = options.Readers.Count > 0 ? PostgresSettings.CreateRoleAdminDataSource(configuration, credential) : null;
});
builder.Services.AddDapClient(_ => { });
builder.Services.AddOptions<DapClientOptions>().Configure(options => DapSettings.Apply(options, configuration));
builder.Services.AddCanvasData2Activities();
builder.Services.AddFunctionClasses();

builder.Build().Run();
