using CanvasData2.Cli.Hosting;

return await CliApp.RunAsync(args).ConfigureAwait(false);
