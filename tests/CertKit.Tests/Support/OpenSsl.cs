using System.Diagnostics;

namespace CertKit.Tests.Support;

internal sealed record ProcessResult(int ExitCode, string StandardOutput, string StandardError)
{
    public string Output => StandardOutput + StandardError;
}

/// <summary>
/// A program that is not .NET, used as an independent judge of CertKit's output. A test that needs one that is
/// missing is marked inconclusive with what to install; .ci/run installs them all.
/// </summary>
internal sealed class ExternalTool(string executable, string debianPackage)
{
    public string ExecutablePath => _path.Value ?? executable;

    private readonly Lazy<string?> _path = new(() =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, executable))
            .FirstOrDefault(File.Exists));

    public void RequireInstalled()
    {
        if (_path.Value is null)
        {
            Assert.Inconclusive($"{executable} was not found on PATH; install it (Debian: apt-get install {debianPackage}) to run this test. .ci/run installs it.");
        }
    }

    public async Task<ProcessResult> RunAsync(
        IEnumerable<string> arguments, string? standardInput = null, TimeSpan? timeout = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        RequireInstalled();
        var startInfo = new ProcessStartInfo(_path.Value!)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            startInfo.Environment[name] = value;
        }

        using var process = Process.Start(startInfo)!;
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(30));
        var stdout = process.StandardOutput.ReadToEndAsync(cts.Token);
        var stderr = process.StandardError.ReadToEndAsync(cts.Token);
        // Straight to the pipe, so the writer holds nothing that a later Close would flush into a closed pipe.
        var input = process.StandardInput;
        try
        {
            if (standardInput is not null)
            {
                await input.BaseStream.WriteAsync(input.Encoding.GetBytes(standardInput), cts.Token);
            }
        }
        catch (IOException)
        {
            // The tool exited before it read its input (openssl s_client refusing a server does): its exit code and
            // output below say why; a broken pipe here is not the news.
        }

        input.Close();
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return new ProcessResult(process.ExitCode, await stdout, await stderr);
    }
}

/// <summary>The openssl command line.</summary>
internal static class OpenSsl
{
    private static readonly ExternalTool Tool = new("openssl", "openssl");

    public static void RequireInstalled() => Tool.RequireInstalled();

    public static Task<ProcessResult> RunAsync(
        IEnumerable<string> arguments, string? standardInput = null, TimeSpan? timeout = null, IReadOnlyDictionary<string, string>? environment = null) =>
        Tool.RunAsync(arguments, standardInput, timeout, environment);
}

/// <summary>Python 3, whose ssl module is the verifier behind most Python TLS clients.</summary>
internal static class Python
{
    public static ExternalTool Tool { get; } = new("python3", "python3");
}

/// <summary>strace, to see the system calls a CertKit process makes.</summary>
internal static class Strace
{
    public static ExternalTool Tool { get; } = new("strace", "strace");
}
