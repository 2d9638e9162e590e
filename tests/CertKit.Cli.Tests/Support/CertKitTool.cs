using System.Diagnostics;
using System.Text.RegularExpressions;

namespace CertKit.Cli.Tests;

/// <summary>
/// Runs <c>certkit</c> as a process: the tool installed from the local package when <c>CERTKIT_CLI</c> names it
/// (as .ci/run does), else the build output of src/CertKit.Cli through <c>dotnet</c>.
/// </summary>
internal static partial class CertKitTool
{
    public const string InstalledToolVariable = "CERTKIT_CLI";

    /// <summary>An invariant culture, so the tests can read System.CommandLine's messages on any machine.</summary>
    private static readonly Dictionary<string, string> InvariantCulture = new() { ["LC_ALL"] = "C", ["LANG"] = "C" };

    public static Task<ProcessResult> RunAsync(params string[] arguments)
    {
        var (executable, prefix) = Command();
        return new ExternalTool(executable, "dotnet-sdk").RunAsync([.. prefix, .. arguments], timeout: TimeSpan.FromSeconds(60), environment: InvariantCulture);
    }

    /// <summary>
    /// Runs <c>certkit</c> with standard error on a terminal, as a person at a shell has it: under util-linux
    /// <c>script</c>, which gives it a pseudo-terminal. Standard output goes to <paramref name="standardOutputFile"/>; the
    /// result's standard output is what the terminal showed, that is standard error.
    /// </summary>
    public static Task<ProcessResult> RunInTerminalAsync(string standardOutputFile, params string[] arguments)
    {
        if (!OperatingSystem.IsLinux())
        {
            Assert.Inconclusive("script -c, which gives the tool a terminal, is util-linux's; on macOS script takes other arguments.");
        }

        var (executable, prefix) = Command();
        var commandLine = string.Join(' ', ((string[])[executable, .. prefix, .. arguments]).Select(Quoted)) + " > " + Quoted(standardOutputFile);
        return new ExternalTool("script", "bsdutils").RunAsync(["--quiet", "--return", "--command", commandLine, "/dev/null"], timeout: TimeSpan.FromSeconds(60), environment: InvariantCulture);

        static string Quoted(string argument) => "'" + argument.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
    }

    /// <summary>Starts <c>certkit serve</c> and waits for the line that names its port.</summary>
    public static async Task<RunningServer> ServeAsync(params string[] arguments)
    {
        var (executable, prefix) = Command();
        var startInfo = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in (string[])[.. prefix, "serve", .. arguments])
        {
            startInfo.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in InvariantCulture)
        {
            startInfo.Environment[name] = value;
        }

        var process = Process.Start(startInfo)!;
        var server = new RunningServer(process);
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            // The address is the last line serve prints on starting: the lines that describe its files come before it.
            while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
            {
                server.Output.Add(line);
                if (PortPattern().Match(line) is { Success: true } match)
                {
                    server.Port = int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
                    server.StartPumping();
                    return server;
                }
            }

            var error = await process.StandardError.ReadToEndAsync(timeout.Token);
            await process.WaitForExitAsync(timeout.Token);
            throw new InvalidOperationException($"certkit serve exited with {process.ExitCode} before listening: {string.Join('\n', server.Output)}\n{error}");
        }
        catch
        {
            process.Kill(entireProcessTree: true);
            process.Dispose();
            throw;
        }
    }

    private static (string Executable, string[] Prefix) Command()
    {
        if (Environment.GetEnvironmentVariable(InstalledToolVariable) is { Length: > 0 } installed)
        {
            return (installed, []);
        }

        var dll = TestOutput.OfProject("src/CertKit.Cli", "CertKit.Cli.dll");
        return File.Exists(dll)
            ? ("dotnet", [dll])
            : throw new FileNotFoundException($"certkit was not built at {dll}; build src/CertKit.Cli or set {InstalledToolVariable}.", dll);
    }

    [GeneratedRegex(@"127\.0\.0\.1:(\d+)")]
    private static partial Regex PortPattern();
}

/// <summary>A running <c>certkit serve</c>; disposing sends SIGTERM, the signal a test runner or container stop sends.</summary>
internal sealed class RunningServer(Process process) : IAsyncDisposable
{
    private Task? _pump;
    private Task<string>? _errors;

    public int Port { get; set; }

    public List<string> Output { get; } = [];

    public int? ExitCode { get; private set; }

    public string StandardError { get; private set; } = "";

    public void StartPumping()
    {
        _pump = Task.Run(async () =>
        {
            while (await process.StandardOutput.ReadLineAsync() is { } line)
            {
                lock (Output)
                {
                    Output.Add(line);
                }
            }
        });
        _errors = process.StandardError.ReadToEndAsync();
    }

    /// <summary>Stops the server with SIGTERM and waits for it to exit.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            // The kill command rather than P/Invoke: Process.Kill only sends SIGKILL, which skips the shutdown under test.
            using var kill = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) } })!;
            await kill.WaitForExitAsync();
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("certkit serve did not stop within 30 s of SIGTERM.");
        }

        await (_pump ?? Task.CompletedTask);
        StandardError = _errors is null ? "" : await _errors;
        ExitCode = process.ExitCode;
        process.Dispose();
    }
}
