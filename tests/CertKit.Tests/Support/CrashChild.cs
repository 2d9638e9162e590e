using System.Diagnostics;

namespace CertKit.Tests.Support;

/// <summary>The CertKit.CrashChild program: it makes certificates with files, says where, and waits to be killed.</summary>
internal sealed class CrashChild : IDisposable
{
    private CrashChild(Process process, List<string> directories)
    {
        Process = process;
        Directories = directories;
    }

    public Process Process { get; }

    public IReadOnlyList<string> Directories { get; }

    /// <summary>
    /// Runs the child with <c>TMPDIR</c> set and returns what it printed and its exit code: for a child expected to fail,
    /// or, with <paramref name="exitWhenReady"/>, one that ends normally without disposing its certificates.
    /// </summary>
    public static async Task<ProcessResult> RunToEndAsync(int certificates, string tempDirectory, bool exitWhenReady = false)
    {
        var startInfo = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            ArgumentList = { ChildPath(), certificates.ToString(System.Globalization.CultureInfo.InvariantCulture), exitWhenReady ? "--exit" : "--wait" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            Environment = { ["TMPDIR"] = tempDirectory },
        };
        using var process = Process.Start(startInfo)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        return new ProcessResult(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Runs the child with <c>TMPDIR</c> set and returns once it has reported its directories.</summary>
    public static async Task<CrashChild> StartAsync(int certificates, string tempDirectory)
    {
        var startInfo = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            ArgumentList = { ChildPath(), certificates.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            RedirectStandardOutput = true,
            UseShellExecute = false,
            Environment = { ["TMPDIR"] = tempDirectory },
        };
        var process = Process.Start(startInfo)!;
        var directories = new List<string>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line && line != "READY")
        {
            directories.Add(line);
        }

        Assert.HasCount(certificates, directories, "the child should report one directory per certificate");
        return new CrashChild(process, directories);
    }

    public void Dispose()
    {
        if (!Process.HasExited)
        {
            Process.Kill();
        }

        Process.Dispose();
    }

    internal static string ChildPath()
    {
        var path = TestOutput.OfProject("tests/CertKit.CrashChild", "CertKit.CrashChild.dll");
        Assert.IsTrue(File.Exists(path), $"the crash child is not built at {path}; build the solution first");
        return path;
    }
}
