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

var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();

var configuration = builder.Configuration;

// One credential for PostgreSQL and Application Insights: the user-assigned identity named by AZURE_CLIENT_ID in Azure.
var credential = new DefaultAzureCredential();
builder.Services.AddSingleton<TokenCredential>(credential);
if (!string.IsNullOrEmpty(configuration["APPLICATIONINSIGHTS_CONNECTION_STRING"]))
{
    builder.Services.AddApplicationInsightsTelemetryWorkerService(options => TelemetrySettings.Apply(options, configuration, credential))
        .ConfigureFunctionsApplicationInsights();
}

builder.Services.AddSingleton(_ => FunctionSettings.From(configuration));
builder.Services.AddSingleton(sp => PostgresSettings.CreateDataSource(configuration, sp.GetRequiredService<TokenCredential>()));
builder.Services.AddReplica();
builder.Services.AddDapClient(_ => { });
builder.Services.AddOptions<DapClientOptions>().Configure(options => DapSettings.Apply(options, configuration));
builder.Services.AddCanvasData2Activities();

builder.Build().Run();
