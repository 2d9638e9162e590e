using System.Text.RegularExpressions;
using CertKit.XunitV3.Tests.Support;
using Xunit;

namespace CertKit.XunitV3.Tests;

/// <summary>
/// What the real runner reported for the tests in Inner/: where each log line landed with tests in parallel, and what
/// each fixture scope made, shared and disposed.
/// </summary>
public sealed partial class InnerRunTests(InnerRunFixture run) : IClassFixture<InnerRunFixture>
{
    private const string Left = "InnerParallelLeftTests.Issue_WhileRightRuns_LinesInThisTestsOutput";
    private const string Right = "InnerParallelRightTests.Issue_WhileLeftRuns_LinesInThisTestsOutput";

    [Fact]
    public void InnerRun_EveryTest_Passed()
    {
        Assert.True(run.ExitCode == 0, run.Console);
        Assert.Equal(8, run.Results.Count);
        Assert.All(run.Results, result => Assert.Equal("Passed", result.Value.Outcome));
    }

    [Fact]
    public void Log_ForATestThatHasFinished_DroppedWithoutThrowing()
    {
        // The fixture's Dispose went past the log call (a throw would also have failed the class cleanup, and the run).
        Assert.Contains("inner: logged for a finished test without throwing", run.Console, StringComparison.Ordinal);
        Assert.DoesNotContain("CN=localhost", run.Console, StringComparison.Ordinal);
        Assert.All(run.Results.Values, result => Assert.DoesNotContain(result.Output, line => line.Contains("CN=localhost", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData(Left, "left.test", "right.test")]
    [InlineData(Right, "right.test", "left.test")]
    public void Log_SharedAuthorityTestsInParallel_LinesInTheOutputOfTheTestThatLoggedThem(string test, string own, string other)
    {
        var output = run.Results[test].Output;

        // The leaf this test issued, wrote and disposed while the other test ran: all its events, in this output only.
        Assert.Contains(output, line => line.StartsWith($"Debug [1 CertificateCreated] Created certificate CN={own}, O=CertKit for {own} (", StringComparison.Ordinal));
        Assert.Equal(5, output.Count(line => line.StartsWith("Debug [2 FileWritten] Wrote ", StringComparison.Ordinal) && IsLeafFile(line, output, own)));
        Assert.Contains(output, line => line.StartsWith($"Debug [3 CertificateDisposed] Disposed certificate CN={own}, O=CertKit and its files /", StringComparison.Ordinal));
        Assert.DoesNotContain(output, line => line.Contains($"CN={other}", StringComparison.Ordinal));
        Assert.DoesNotContain(run.Console, $"CN={own}", StringComparison.Ordinal);
    }

    [Fact]
    public void Fixture_ClassScope_OneAuthorityPerClass()
    {
        var first = Authorities("InnerClassScopeFirstTests.One", "InnerClassScopeFirstTests.Two");
        var second = Authorities("InnerClassScopeSecondTests.One");

        Assert.Single(first);
        Assert.Single(second);
        Assert.NotEqual(first, second);
        Assert.DoesNotContain(first.Single(), AssemblyAuthority());
    }

    [Fact]
    public void Fixture_CollectionScope_OneAuthorityForItsClasses()
    {
        var collection = Authorities("InnerCollectionFirstTests.One", "InnerCollectionSecondTests.One");

        Assert.Single(collection);
        Assert.NotEqual(AssemblyAuthority(), collection.Single());
    }

    [Fact]
    public void Fixture_AssemblyScope_OneAuthorityForTheAssembly() =>
        Assert.Single(Authorities(Left, Right));

    [Fact]
    public void Fixture_EveryScope_CreatedOnceAndDisposedOnceOutsideAnyTest()
    {
        string[] roots = [.. Authorities([.. run.Results.Keys])];

        Assert.Equal(4, roots.Length); // two classes, one collection, the assembly
        foreach (var root in roots)
        {
            // Outside any test, the logger sends xUnit.net diagnostic messages: the runner's console, no test's output.
            Assert.Single(ConsoleLines($"Debug [1 CertificateCreated] Created certificate {root} for no names ("));
            Assert.Single(ConsoleLines($"Debug [3 CertificateDisposed] Disposed certificate {root} and its files /"));
            Assert.All(run.Results.Values, result => Assert.DoesNotContain(result.Output, line => line.Contains($"Created certificate {root}", StringComparison.Ordinal)));
        }

        Assert.Equal(4, ConsoleLines("Debug [1 CertificateCreated] Created certificate CN=CertKit Test Root CA").Count);
    }

    [Fact]
    public void Fixture_EveryScopeEnded_NothingLeftInTheTempDirectory()
    {
        var written = run.Results.Values.SelectMany(r => r.Output).Where(line => line.StartsWith("files ", StringComparison.Ordinal)).Select(line => line["files ".Length..]).ToList();

        Assert.Equal(14, written.Count); // per test: its authority's root and a leaf it never disposed
        Assert.All(written, file => Assert.StartsWith(run.TempDirectory, file, StringComparison.Ordinal));
        Assert.All(written, file => Assert.False(File.Exists(file), file));
        Assert.Empty(Directory.EnumerateFileSystemEntries(run.TempDirectory));
    }

    private HashSet<string> Authorities(params string[] tests) =>
        [.. tests.SelectMany(test => run.Results[test].Output).Select(line => FixtureLine().Match(line)).Where(m => m.Success).Select(m => m.Groups["root"].Value)];

    private string AssemblyAuthority() => Authorities(Left).Single();

    private List<string> ConsoleLines(string prefix) =>
        [.. run.Console.Split('\n').Select(line => line.TrimEnd('\r').Trim()).Where(line => line.StartsWith(prefix, StringComparison.Ordinal))];

    // A FileWritten line for a file of the leaf named `own`: its disposed line names its files as "<directory>/<prefix>*".
    private static bool IsLeafFile(string line, IReadOnlyList<string> output, string own)
    {
        var disposed = output.Single(l => l.StartsWith($"Debug [3 CertificateDisposed] Disposed certificate CN={own}, O=CertKit and its files ", StringComparison.Ordinal));
        var files = disposed[(disposed.LastIndexOf(' ') + 1)..].TrimEnd('*');
        return line.StartsWith($"Debug [2 FileWritten] Wrote {files}", StringComparison.Ordinal);
    }

    [GeneratedRegex(@"^fixture \S+ (?<root>CN=CertKit Test Root CA .*)$")]
    private static partial Regex FixtureLine();
}
