using System.CommandLine;
using System.CommandLine.Help;

namespace CertKit.Cli;

/// <summary>The <c>certkit</c> root command: parses, reports bad arguments with exit code 2, runs the chosen command.</summary>
internal static class CertKitCommand
{
    /// <param name="args">The command line.</param>
    /// <param name="output">Standard output: what a command produces.</param>
    /// <param name="error">Standard error: messages, and progress when it is a terminal.</param>
    /// <param name="errorIsTerminal">Whether <paramref name="error"/> is a terminal, where progress may be drawn.</param>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, bool errorIsTerminal)
    {
        // A plain command named certkit, not RootCommand: help then says "certkit", however the tool was started.
        var root = new Command("certkit", "Test certificates for TLS tests in any language: write a fixture directory, inspect a certificate, serve a TLS echo.")
        {
            new HelpOption { Recursive = true },
            new VersionOption(),
            CreateCommand.Build(output, error, errorIsTerminal),
            InspectCommand.Build(output, error),
            ServeCommand.Build(output, error),
        };

        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var message in ErrorMessages(parsed, root))
            {
                await error.WriteLineAsync($"certkit: {message}");
            }

            await error.WriteLineAsync($"Run 'certkit {CommandPath(parsed)}--help' for usage.");
            return ExitCodes.BadArguments;
        }

        // Ctrl+C and SIGTERM cancel the command's token; it gets 10 s to stop and delete its files before the process is ended.
        return await parsed.InvokeAsync(new InvocationConfiguration { Output = output, Error = error, ProcessTerminationTimeout = TimeSpan.FromSeconds(10) });
    }

    /// <summary>
    /// What went wrong, once. The parser reports every token it did not expect, and at the top level also that no command
    /// was given: for <c>certkit sign</c> that is two errors for one typo. The first unexpected word is the one to fix.
    /// </summary>
    private static IEnumerable<string> ErrorMessages(ParseResult parsed, Command root)
    {
        var command = parsed.CommandResult.Command;
        var commands = root.Subcommands.Select(subcommand => subcommand.Name).ToList();
        var commandList = string.Join(", ", commands[..^1]) + " or " + commands[^1];
        if (parsed.UnmatchedTokens.Count > 0)
        {
            var token = parsed.UnmatchedTokens[0];
            var isOption = token.StartsWith('-');
            yield return (command == root, isOption) switch
            {
                (true, false) => $"'{token}' is not a certkit command; the commands are {commandList}.",
                (true, true) => $"'{token}' is not an option of certkit; give a command first: {commandList}.",
                (false, true) => $"'{token}' is not an option of certkit {command.Name}.",
                (false, false) => $"certkit {command.Name} takes no argument '{token}'.",
            };
            yield break;
        }

        if (command == root)
        {
            // The only error a command line without unexpected words can have at the top: no command.
            yield return $"give a command: {commandList}.";
            yield break;
        }

        foreach (var parseError in parsed.Errors)
        {
            yield return parseError.Message;
        }
    }

    private static string CommandPath(ParseResult parsed) =>
        parsed.CommandResult.Command.Parents.Any() ? parsed.CommandResult.Command.Name + " " : "";
}
