using Xunit;

// Tests that InnerRun.cs runs in a runner process of their own and reads back through the runner's TRX file and
// console: where each log line landed, and what each fixture scope made and disposed. Explicit, so that the outer run
// reports them as not run instead of running them itself.
namespace CertKit.XunitV3.Tests.Inner;

internal static class InnerRun
{
    public const string Trait = "InnerRun";

    public static readonly Rendezvous BothRunning = new();
    public static readonly Rendezvous BothIssued = new();

    /// <summary>
    /// Meets the other parallel test, issues and writes a leaf while that test does the same, disposes it after the other
    /// has issued its own, then reports.
    /// </summary>
    public static async Task IssueAlongsideAsync(CertificateAuthorityFixture fixture, string name)
    {
        var cancel = TestContext.Current.CancellationToken;
        await BothRunning.ArriveAsync(cancel);
        using (var leaf = fixture.Authority.IssueServerCertificate(name))
        {
            _ = leaf.WriteFiles();
            await BothIssued.ArriveAsync(cancel); // the other test has issued its own by now, and disposes it later
        }

        Report("assembly", fixture);
    }

    /// <summary>Writes the line the outer test reads: which authority this test got, and the files it wrote.</summary>
    public static void Report(string scope, CertificateAuthorityFixture fixture)
    {
        var output = TestContext.Current.TestOutputHelper!;
        var root = fixture.Authority.Certificate;
        output.WriteLine($"fixture {scope} {root.Certificate.Subject}");
        output.WriteLine($"files {root.WriteFiles().PrivateKeyPath}");

        // Issued and never disposed by the test: the authority's disposal at the end of the scope must delete it.
        var leaked = fixture.Authority.IssueServerCertificate($"{scope}.leaked.test");
        output.WriteLine($"files {leaked.WriteFiles().PrivateKeyPath}");
    }
}

// Two classes are two collections, which xUnit.net runs in parallel; both read the assembly's fixture.
public sealed class InnerParallelLeftTests(CertificateAuthorityFixture fixture)
{
    [Fact(Explicit = true)]
    [Trait(InnerRun.Trait, "true")]
    public Task Issue_WhileRightRuns_LinesInThisTestsOutput() => InnerRun.IssueAlongsideAsync(fixture, "left.test");
}

public sealed class InnerParallelRightTests(CertificateAuthorityFixture fixture)
{
    [Fact(Explicit = true)]
    [Trait(InnerRun.Trait, "true")]
    public Task Issue_WhileLeftRuns_LinesInThisTestsOutput() => InnerRun.IssueAlongsideAsync(fixture, "right.test");
}

// Logs for a test that has finished: the fixture's Dispose runs a log call in the execution context of this class's
// test, after it ended. The logger must drop the line; if it threw, the class's cleanup would fail the inner run.
public sealed class InnerFinishedTestTests(FinishedTestLogFixture fixture) : IClassFixture<FinishedTestLogFixture>
{
    [Fact(Explicit = true)]
    [Trait(InnerRun.Trait, "true")]
    public void KeepContext() => fixture.TestContext = ExecutionContext.Capture();
}

public sealed class FinishedTestLogFixture : IDisposable
{
    public ExecutionContext? TestContext { get; set; }

    public void Dispose()
    {
        using var context = TestContext ?? throw new InvalidOperationException("the test did not run");
        ExecutionContext.Run(context, static _ =>
        {
            using var cert = CertKit.TemporaryCertificate.Create(new CertificateOptions { Logger = new TestContextLogger() });
        }, null);
        Xunit.TestContext.Current.SendDiagnosticMessage("inner: logged for a finished test without throwing");
    }
}

public sealed class InnerClassScopeFirstTests(CertificateAuthorityFixture fixture) : IClassFixture<CertificateAuthorityFixture>
{
    [Fact(Explicit = true)]
    [Trait(InnerRun.Trait, "true")]
    public void One() => InnerRun.Report("class-first", fixture);

    [Fact(Explicit = true)]
    [Trait(InnerRun.Trait, "true")]
    public void Two() => InnerRun.Report("class-first", fixture);
}

public sealed class InnerClassScopeSecondTests(CertificateAuthorityFixture fixture) : IClassFixture<CertificateAuthorityFixture>
{
    [Fact(Explicit = true)]
    [Trait(InnerRun.Trait, "true")]
    public void One() => InnerRun.Report("class-second", fixture);
}

[CollectionDefinition(Name)]
public sealed class InnerSharedGroup : ICollectionFixture<CertificateAuthorityFixture>
{
    public const string Name = "CertKit inner collection";
}

[Collection(InnerSharedGroup.Name)]
public sealed class InnerCollectionFirstTests(CertificateAuthorityFixture fixture)
{
    [Fact(Explicit = true)]
    [Trait(InnerRun.Trait, "true")]
    public void One() => InnerRun.Report("collection", fixture);
}

[Collection(InnerSharedGroup.Name)]
public sealed class InnerCollectionSecondTests(CertificateAuthorityFixture fixture)
{
    [Fact(Explicit = true)]
    [Trait(InnerRun.Trait, "true")]
    public void One() => InnerRun.Report("collection", fixture);
}
