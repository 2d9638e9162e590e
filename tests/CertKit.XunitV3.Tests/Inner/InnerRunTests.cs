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

    /// <summary>Writes the line the outer test reads: which authority this test got, and the files it wrote.</summary>
    public static void Report(string scope, CertificateAuthorityFixture fixture)
    {
        var output = TestContext.Current.TestOutputHelper!;
        var root = fixture.Authority.Certificate;
        output.WriteLine($"fixture {scope} {root.Certificate.Subject}");
        output.WriteLine($"files {root.WriteFiles().Directory}");

        // Issued and never disposed by the test: the authority's disposal at the end of the scope must delete it.
        var leaked = fixture.Authority.IssueServerCertificate($"{scope}.leaked.test");
        output.WriteLine($"files {leaked.WriteFiles().Directory}");
    }
}

// Two classes are two collections, which xUnit.net runs in parallel; both read the assembly's fixture.
public sealed class InnerParallelLeftTests(CertificateAuthorityFixture fixture)
{
    [Fact(Explicit = true)]
    [Trait(InnerRun.Trait, "true")]
    public async Task Issue_WhileRightRuns_LinesInThisTestsOutput()
    {
        var cancel = TestContext.Current.CancellationToken;
        await InnerRun.BothRunning.ArriveAsync(cancel);
        using (var leaf = fixture.Authority.IssueServerCertificate("left.test"))
        {
            _ = leaf.WriteFiles();
            await InnerRun.BothIssued.ArriveAsync(cancel); // the right test has issued its own by now, and disposes it later
        }

        InnerRun.Report("assembly", fixture);
    }
}

public sealed class InnerParallelRightTests(CertificateAuthorityFixture fixture)
{
    [Fact(Explicit = true)]
    [Trait(InnerRun.Trait, "true")]
    public async Task Issue_WhileLeftRuns_LinesInThisTestsOutput()
    {
        var cancel = TestContext.Current.CancellationToken;
        await InnerRun.BothRunning.ArriveAsync(cancel);
        using (var leaf = fixture.Authority.IssueServerCertificate("right.test"))
        {
            _ = leaf.WriteFiles();
            await InnerRun.BothIssued.ArriveAsync(cancel);
        }

        InnerRun.Report("assembly", fixture);
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
