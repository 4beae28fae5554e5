return await CanvasData2.Emulator.Hosting.EmulatorCli.RunAsync(args).ConfigureAwait(false);
