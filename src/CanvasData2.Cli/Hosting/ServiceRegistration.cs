using CanvasData2.Cli.Commands;
using CanvasData2.Cli.Commands.Downloads;
using CanvasData2.Cli.Commands.Local;
using CanvasData2.Cli.Commands.Replica;
using CanvasData2.Cli.Connections;
using CanvasData2.Cli.Output;
using CanvasData2.Cli.Settings;
using CanvasData2.Replication;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace CanvasData2.Cli.Hosting;

/// <summary>The CLI's services: console, settings, logging to stderr, factories and one class per command.</summary>
internal static class ServiceRegistration
{
    public static IServiceCollection AddCli(this IServiceCollection services, GlobalOptions globals, LogSwitch logSwitch, ReplicaOptions replicaOptions)
    {
        services.AddLogging(builder =>
        {
            builder.SetMinimumLevel(LogLevel.Trace);
            builder.AddFilter((_, level) => level >= logSwitch.Level);
            builder.AddConsole(options => options.LogToStandardErrorThreshold = LogLevel.Trace);
            builder.AddJsonConsole(options => options.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ");
            builder.AddSimpleConsole(options =>
            {
                options.SingleLine = true;
                options.TimestampFormat = "HH:mm:ss ";
                options.ColorBehavior = ConsoleCapabilities.IsInteractive() ? LoggerColorBehavior.Enabled : LoggerColorBehavior.Disabled;
            });
        });
        services.AddSingleton<IOptionsChangeTokenSource<ConsoleLoggerOptions>>(logSwitch);
        services.Configure<ConsoleLoggerOptions>(options => options.FormatterName = logSwitch.Json ? ConsoleFormatterNames.Json : ConsoleFormatterNames.Simple);

        services.AddSingleton(globals);
        services.AddSingleton<CliSettings>();
        services.AddSingleton<CliConsole>();
        services.AddSingleton<FailureReporter>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(replicaOptions);
        services.AddSingleton<DapClientFactory>();
        services.AddSingleton<ReplicaFactory>();

        services.AddSingleton<CliCommand, ListCommand>();
        services.AddSingleton<CliCommand, SchemaCommand>();
        services.AddSingleton<CliCommand, SnapshotCommand>();
        services.AddSingleton<CliCommand, IncrementalCommand>();
        services.AddSingleton<CliCommand, InitDbCommand>();
        services.AddSingleton<CliCommand, SyncDbCommand>();
        services.AddSingleton<CliCommand, ReinitCommand>();
        services.AddSingleton<CliCommand, DropDbCommand>();
        services.AddSingleton<CliCommand, RefreshCommand>();
        services.AddSingleton<CliCommand, StatusCommand>();
        services.AddSingleton<CliCommand, EmulatorCommand>();
        services.AddSingleton<CliCommand, DemoCommand>();
        services.AddSingleton<JobDownloader>();
        services.AddSingleton<RefreshRunner>();
        return services;
    }
}
