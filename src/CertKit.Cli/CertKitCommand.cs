using System.CommandLine;
using System.CommandLine.Help;

namespace CertKit.Cli;

/// <summary>The <c>certkit</c> root command: parses, reports bad arguments with exit code 2, runs the chosen command.</summary>
internal static class CertKitCommand
{
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        // A plain command named certkit, not RootCommand: help then says "certkit", however the tool was started.
        var root = new Command("certkit", "Test certificates for TLS tests in any language: write a fixture directory, inspect a certificate, serve a TLS echo.")
        {
            new HelpOption { Recursive = true },
            new VersionOption(),
            CreateCommand.Build(output, error),
            InspectCommand.Build(output, error),
            ServeCommand.Build(output, error),
        };

        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var parseError in parsed.Errors)
            {
                await error.WriteLineAsync($"certkit: {parseError.Message}");
            }

            await error.WriteLineAsync($"Run 'certkit {CommandPath(parsed)}--help' for usage.");
            return ExitCodes.BadArguments;
        }

        // Ctrl+C and SIGTERM cancel the command's token; it gets 10 s to stop and delete its files before the process is ended.
        return await parsed.InvokeAsync(new InvocationConfiguration { Output = output, Error = error, ProcessTerminationTimeout = TimeSpan.FromSeconds(10) });
    }

    private static string CommandPath(ParseResult parsed) =>
        parsed.CommandResult.Command.Parents.Any() ? parsed.CommandResult.Command.Name + " " : "";
}
