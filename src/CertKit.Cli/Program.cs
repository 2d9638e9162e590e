using CertKit.Cli;

// Progress is drawn only on a terminal: redirected (a script, a CI log, a test), standard error gets messages alone.
return await CertKitCommand.RunAsync(args, Console.Out, Console.Error, errorIsTerminal: !Console.IsErrorRedirected);
