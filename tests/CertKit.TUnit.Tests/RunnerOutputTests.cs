using CertKit.TUnit.Tests.Inner;
using CertKit.TUnit.Tests.Support;

namespace CertKit.TUnit.Tests;

/// <summary>
/// The tests of CertKit.TUnit.Tests.Inner as TUnit's runner reported them from a child run: per-test output, display names,
/// and what was left on disk after TUnit disposed every shared authority and the process exited.
/// </summary>
[ClassDataSource<InnerRun>(Shared = SharedType.PerClass)]
public sealed class RunnerOutputTests(InnerRun run)
{
    [Test]
    public async Task InnerRun_EveryTest_PassedUnderTheRunner()
    {
        await Assert.That(run.ExitCode).IsEqualTo(0).Because(run.Log);
        await Assert.That(run.Results.Count).IsEqualTo(11 + 18).Because(run.Log); // 8 scope tests, the leak control, 2 parallel tests; one per catalogue case
        await Assert.That(run.Results.All(r => r.Outcome == "Passed")).IsTrue();
    }

    [Test]
    public async Task Output_TwoTestsInParallelOnOneAuthority_EachLineInTheTestThatCausedIt()
    {
        var left = run.Result(nameof(ParallelAttributionTests.Issue_LeftWhileRightRuns_OnlyLeftLineInLeftOutput));
        var right = run.Result(nameof(ParallelAttributionTests.Issue_RightWhileLeftRuns_OnlyRightLineInRightOutput));

        await Assert.That(left.Lines("Debug [1 CertificateCreated] Created certificate CN=left.test").Single()).StartsWith("Debug [1 CertificateCreated] Created certificate CN=left.test, O=CertKit for left.test (");
        await Assert.That(right.Lines("Debug [1 CertificateCreated] Created certificate CN=right.test").Single()).StartsWith("Debug [1 CertificateCreated] Created certificate CN=right.test, O=CertKit for right.test (");
        await Assert.That(left.StandardOutput).DoesNotContain("right.test");
        await Assert.That(right.StandardOutput).DoesNotContain("left.test");
        // Each test's own leaf is disposed before its test ends, so its disposal line is its test's too.
        await Assert.That(left.StandardOutput).Contains("Debug [3 CertificateDisposed] Disposed certificate CN=left.test, O=CertKit");
        await Assert.That(right.StandardOutput).Contains("Debug [3 CertificateDisposed] Disposed certificate CN=right.test, O=CertKit");
        // TUnit makes the shared authority in the flow of the first test that uses it and disposes it in the flow of the
        // last: the root's own two lines are in those tests' output, once each.
        string[] both = [left.StandardOutput, right.StandardOutput];
        await Assert.That(both.Count(o => o.Contains("Debug [1 CertificateCreated] Created certificate CN=CertKit Test Root CA", StringComparison.Ordinal))).IsEqualTo(1);
        await Assert.That(both.Count(o => o.Contains("Debug [3 CertificateDisposed] Disposed certificate CN=CertKit Test Root CA", StringComparison.Ordinal))).IsEqualTo(1);
    }

    [Test]
    public async Task SharedAuthority_PerClass_OneAuthorityPerClass()
    {
        var first = Thumbprints("per-class-first");
        var second = Thumbprints("per-class-second");

        await Assert.That(first.Count).IsEqualTo(2); // two tests
        await Assert.That(first.Distinct().Count()).IsEqualTo(1); // one authority between them
        await Assert.That(second.Single()).IsNotEqualTo(first[0]);
    }

    [Test]
    public async Task SharedAuthority_PerAssemblyAndSession_OneAuthorityAcrossClasses()
    {
        var assembly = Thumbprints("per-assembly");
        var session = Thumbprints("per-session");

        await Assert.That(assembly.Count).IsEqualTo(2); // two classes
        await Assert.That(assembly.Distinct().Count()).IsEqualTo(1);
        await Assert.That(session.Single()).IsNotEqualTo(assembly[0]);
        await Assert.That(Thumbprints("per-class-first")).DoesNotContain(assembly[0]);
    }

    [Test]
    public async Task SharedAuthority_Keyed_OneAuthorityPerKey()
    {
        var payments = Thumbprints("keyed-payments");
        var orders = Thumbprints("keyed-orders");

        await Assert.That(payments.Count).IsEqualTo(2); // property injection in one class, constructor injection in another
        await Assert.That(payments.Distinct().Count()).IsEqualTo(1);
        await Assert.That(orders.Single()).IsNotEqualTo(payments[0]);
    }

    [Test]
    public async Task SharedAuthority_AtTheEndOfItsScope_DisposedWithItsFilesButTheLeakedControlIsNot()
    {
        // CertKit removes its directory when the process exits, so files gone after the run would prove nothing: each
        // authority's own logger reports its disposal (and the files it deleted) while the child still runs.
        var authorities = run.Results.SelectMany(r => r.Lines("probe ")).Select(l => l.Split(' ', 4)[3]).Distinct().ToList();
        var disposed = run.Results.SelectMany(r => r.Lines("Debug [3 CertificateDisposed] Disposed certificate ")).ToList();
        var leaked = run.Result(nameof(LeakControlTests.WriteFiles_NeverDisposed_NoDisposedLine)).Lines("leak ").Single()[5..];

        await Assert.That(authorities.Count).IsEqualTo(6); // two per-class, assembly, session, two keys
        foreach (var authority in authorities)
        {
            await Assert.That(disposed.Count(line => line.Contains($"Disposed certificate {authority} and its files /", StringComparison.Ordinal))).IsEqualTo(1);
        }

        // The control: the child's undisposed certificate, with the same logger, reported no disposal.
        await Assert.That(disposed.Where(line => line.Contains(leaked, StringComparison.Ordinal))).IsEmpty();
    }

    private List<string> Thumbprints(string scope) =>
        run.Results.SelectMany(r => r.Lines($"probe {scope} ")).Select(l => l.Split(' ')[2]).ToList();
}
