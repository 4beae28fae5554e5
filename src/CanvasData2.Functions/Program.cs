using Azure.Core;
using Azure.Identity;
using CanvasData2.Dap;
using CanvasData2.Functions.Configuration;
using CanvasData2.Orchestration;
using CanvasData2.Replication;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();

var configuration = builder.Configuration;

// One credential for PostgreSQL and Application Insights: the user-assigned identity named by AZURE_CLIENT_ID in Azure.
var credential = new DefaultAzureCredential();
builder.Services.AddSingleton<TokenCredential>(credential);
if (!string.IsNullOrEmpty(configuration["APPLICATIONINSIGHTS_CONNECTION_STRING"]))
{
    // The run summary (one log line per run) is what the alert rules count: never sample a log away with its trace.
    builder.Services.AddApplicationInsightsTelemetryWorkerService(options =>
        {
            TelemetrySettings.Apply(options, configuration, credential);
            options.EnableTraceBasedLogsSampler = false;
        })
        .ConfigureFunctionsApplicationInsights();
}

// Our own Information events (the run summary above all) reach every provider, whatever the defaults.
builder.Logging.AddFilter("CanvasData2", LogLevel.Information);

builder.Services.AddSingleton(_ => FunctionSettings.From(configuration));
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddSingleton(sp => PostgresSettings.CreateDataSource(configuration, sp.GetRequiredService<TokenCredential>()));
builder.Services.AddReplica();
builder.Services.AddDapClient(_ => { });
builder.Services.AddOptions<DapClientOptions>().Configure(options => DapSettings.Apply(options, configuration));
builder.Services.AddCanvasData2Activities();

builder.Build().Run();
