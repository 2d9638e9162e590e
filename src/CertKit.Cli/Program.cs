using CertKit.Cli;

return await CertKitCommand.RunAsync(args, Console.Out, Console.Error);
