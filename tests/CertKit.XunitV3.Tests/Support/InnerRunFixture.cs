using System.Diagnostics;
using System.Xml.Linq;
using Xunit;

namespace CertKit.XunitV3.Tests.Support;

/// <summary>
/// Runs this test assembly's explicit tests with the trait InnerRun=true (tests/CertKit.XunitV3.Tests/Inner) in a runner
/// process of their own, with its own temp directory, diagnostic messages on and a TRX report, and keeps what the runner
/// reported: each test's outcome and output as the TRX file has them, and the console, where xUnit.net writes diagnostic
/// messages (what is logged outside any test).
/// </summary>
public sealed class InnerRunFixture : IAsyncLifetime
{
    private static readonly XNamespace Trx = "http://microsoft.com/schemas/VisualStudio/TeamTest/2010";
    private readonly string _root = Directory.CreateTempSubdirectory("xunitv3-inner-run-").FullName;

    /// <summary>The temp directory of the inner run (its TMPDIR); empty after it unless something was left behind.</summary>
    public string TempDirectory => Path.Combine(_root, "tmp");

    public int ExitCode { get; private set; }

    public string Console { get; private set; } = "";

    /// <summary>Test method name (class.method) to its outcome and output messages, from the inner run's TRX file.</summary>
    public IReadOnlyDictionary<string, (string Outcome, IReadOnlyList<string> Output)> Results { get; private set; } =
        new Dictionary<string, (string, IReadOnlyList<string>)>();

    public async ValueTask InitializeAsync()
    {
        Directory.CreateDirectory(TempDirectory);
        var results = Path.Combine(_root, "results");
        var self = Environment.ProcessPath ?? throw new InvalidOperationException("no process path");
        var start = new ProcessStartInfo { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            start.FileName = self; // run as `dotnet CertKit.XunitV3.Tests.dll`: run the same way
            start.ArgumentList.Add(typeof(InnerRunFixture).Assembly.Location);
        }
        else
        {
            start.FileName = self; // the test application's own executable, as `dotnet run` starts it
        }

        foreach (var argument in new[]
        {
            "--explicit", "only", "--filter-trait", "InnerRun=true", "--xunit-diagnostics", "on", "--max-threads", "8",
            "--report-xunit-trx", "--report-xunit-trx-filename", "inner.trx", "--results-directory", results,
            "--no-ansi", "--progress", "off",
        })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["TMPDIR"] = TempDirectory;
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {self}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5)); // a hang guard, not a measurement
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        ExitCode = process.ExitCode;
        Console = await stdout + await stderr;

        var trx = XDocument.Load(Path.Combine(results, "inner.trx"));
        Results = trx.Descendants(Trx + "UnitTestResult").ToDictionary(
            r => ShortName((string)r.Attribute("testName")!),
            r => ((string)r.Attribute("outcome")!, (IReadOnlyList<string>)r.Descendants(Trx + "Message").Select(m => m.Value).ToList()));
    }

    public ValueTask DisposeAsync()
    {
        Directory.Delete(_root, recursive: true);
        return ValueTask.CompletedTask;
    }

    /// <summary>Class and method without the namespace: "InnerParallelLeftTests.Issue_WhileRightRuns_LinesInThisTestsOutput".</summary>
    private static string ShortName(string testName) => string.Join('.', testName.Split('.')[^2..]);
}
