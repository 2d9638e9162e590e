using System.Diagnostics;
using System.Xml.Linq;
using TUnit.Core.Interfaces;

namespace CertKit.TUnit.Tests.Support;

/// <summary>
/// One run of this test application in a child process, limited to the tests of the namespace CertKit.TUnit.Tests.Inner,
/// with TUnit's TRX report: what the runner itself recorded for each test (outcome, display name, standard output) once the
/// child's TUnit had disposed its shared objects and the process had exited.
/// </summary>
public sealed class InnerRun : IAsyncInitializer, IDisposable
{
    /// <summary>Set in the child's environment: the tests that only make sense there (the leak control) check it.</summary>
    public const string ChildVariable = "CERTKIT_TUNIT_INNER_RUN";

    // Made in InitializeAsync, not at construction: TUnit also constructs data sources to list or filter tests
    // (--list-tests), and then never initializes or disposes them.
    private DirectoryInfo? _results;

    /// <summary>Whether this process is the child run.</summary>
    public static bool IsChild => Environment.GetEnvironmentVariable(ChildVariable) == "1";

    /// <summary>The child's temp directory (its TMPDIR), deleted with the results: what the child leaves on purpose goes with it.</summary>
    public string TempDirectory =>
        Path.Combine(_results?.FullName ?? throw new InvalidOperationException("InitializeAsync has not run"), "tmp");

    public IReadOnlyList<InnerResult> Results { get; private set; } = [];

    public int ExitCode { get; private set; }

    public string Log { get; private set; } = "";

    public async Task InitializeAsync()
    {
        _results = Directory.CreateTempSubdirectory("tunit-inner-run-");
        // The crash sweep of this process starts with its first certificate directory; made here, before the child runs,
        // so this process's own sweep is not what removes the child's directories.
        using (var warm = TemporaryCertificate.Create())
        {
            _ = warm.WriteFiles();
        }

        var apphost = Path.Combine(AppContext.BaseDirectory, OperatingSystem.IsWindows() ? "CertKit.TUnit.Tests.exe" : "CertKit.TUnit.Tests");
        var start = new ProcessStartInfo(apphost)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        Directory.CreateDirectory(TempDirectory);
        start.Environment["TMPDIR"] = TempDirectory;
        start.Environment[ChildVariable] = "1";
        foreach (var argument in new[]
                 {
                     "--treenode-filter", "/*/CertKit.TUnit.Tests.Inner/*/*", "--report-trx", "--report-trx-filename", "inner.trx",
                     "--results-directory", _results.FullName, "--no-progress",
                 })
        {
            start.ArgumentList.Add(argument);
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5)); // a hung child fails the tests instead of the run
        using var child = Process.Start(start)!;
        var stdout = child.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = child.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            await child.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            child.Kill(entireProcessTree: true);
            throw;
        }

        ExitCode = child.ExitCode;
        Log = await stdout + await stderr;
        Results = Read(Path.Combine(_results.FullName, "inner.trx"));
    }

    public InnerResult Result(string testName) => Results.Single(r => r.TestName == testName);

    public void Dispose() => _results?.Delete(recursive: true);

    private static List<InnerResult> Read(string trx)
    {
        XNamespace t = "http://microsoft.com/schemas/VisualStudio/TeamTest/2010";
        var document = XDocument.Load(trx);
        var classes = document.Descendants(t + "UnitTest").ToDictionary(
            u => (string)u.Attribute("id")!, u => (string)u.Element(t + "TestMethod")!.Attribute("className")!);
        return document.Descendants(t + "UnitTestResult").Select(r => new InnerResult(
            classes[(string)r.Attribute("testId")!].Split('.')[^1],
            (string)r.Attribute("testName")!,
            (string)r.Attribute("outcome")!,
            (string?)r.Element(t + "Output")?.Element(t + "StdOut") ?? "")).ToList();
    }
}

/// <summary>One test's result as the child's TRX records it.</summary>
public sealed record InnerResult(string ClassName, string TestName, string Outcome, string StandardOutput)
{
    public IEnumerable<string> Lines(string prefix) =>
        StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Where(l => l.StartsWith(prefix, StringComparison.Ordinal));
}
