using CertKit.NUnit.Tests.Inner;
using NUnit.Framework.Api;
using NUnit.Framework.Interfaces;
using NUnit.Framework.Internal;

namespace CertKit.NUnit.Tests.Support;

/// <summary>
/// The fixtures of CertKit.NUnit.Tests.Inner, run once per process by NUnit's own runner with four workers, and what NUnit
/// recorded of them: each test's and each fixture's output, outcome and name, as the adapter would report them.
/// </summary>
internal sealed class InnerRun
{
    private static readonly Lazy<InnerRun> Once = new(() => new InnerRun(), LazyThreadSafetyMode.ExecutionAndPublication);

    private InnerRun()
    {
        Record.Clear();
        var before = CertKitFilesOfThisProcess();
        var runner = new NUnitTestAssemblyRunner(new DefaultTestAssemblyBuilder());
        runner.Load(typeof(Record).Assembly, new Dictionary<string, object> { [global::NUnit.FrameworkPackageSettings.NumberOfTestWorkers] = 4 });
        Result = runner.Run(TestListener.NULL, TestFilter.Empty);
        LeftBehind = [.. CertKitFilesOfThisProcess().Except(before)];
    }

    public static InnerRun Instance => Once.Value;

    public ITestResult Result { get; }

    /// <summary>Files in this process's CertKit directory that the inner run wrote and did not delete.</summary>
    public IReadOnlyList<string> LeftBehind { get; }

    /// <summary>The result of the test or suite with this full name (a fixture's is its fixture-level output).</summary>
    public ITestResult Find(string fullName) =>
        All(Result).SingleOrDefault(r => r.FullName == fullName) ?? throw new AssertionException($"no result for {fullName} in the inner run");

    /// <summary>The results of the fixture's test cases (each row of a parameterized method, not the method's suite).</summary>
    public IEnumerable<ITestResult> TestsOf(Type fixture) => All(Find(fixture.FullName!)).Where(r => !r.Test.IsSuite);

    private static IEnumerable<ITestResult> All(ITestResult result) => result.Children.SelectMany(All).Prepend(result);

    // certkit-<pid>-<start>-<namespace>-<random>: this process's own directory (CertKit makes one per process), so runs of
    // other processes sharing the temp directory do not count.
    private static HashSet<string> CertKitFilesOfThisProcess() =>
        [.. Directory.EnumerateDirectories(Path.GetTempPath(), $"certkit-{Environment.ProcessId}-*").SelectMany(Directory.EnumerateFiles)];
}
