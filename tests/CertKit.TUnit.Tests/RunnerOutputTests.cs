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
    public async Task SharedAuthority_AfterTheRun_EveryScopesFilesGoneButTheLeakedControlsRemain()
    {
        var directories = run.Results.SelectMany(r => r.Lines("probe ")).Select(l => l.Split(' ')[3]).Distinct().ToList();
        var leaked = run.Result(nameof(LeakControlTests.WriteFiles_NeverDisposed_DirectoryOutlivesTheRun)).Lines("leak ").Single()[5..];

        await Assert.That(directories.Count).IsEqualTo(6); // two per-class, assembly, session, two keys
        await Assert.That(directories.Where(Directory.Exists)).IsEmpty();
        // The control: the child's undisposed certificate is still there, so nothing but TUnit's Dispose removed the others.
        await Assert.That(Directory.Exists(leaked)).IsTrue();
    }

    [Test]
    public async Task LeakControl_InTheChild_LeaksIntoTheChildsTempDirectoryWhichTheRunDeletes()
    {
        var leaked = run.Result(nameof(LeakControlTests.WriteFiles_NeverDisposed_DirectoryOutlivesTheRun)).Lines("leak ").Single()[5..];

        // Not the machine's temp directory: InnerRun.Dispose deletes this one, the leaked key with it.
        await Assert.That(leaked).StartsWith(run.TempDirectory + Path.DirectorySeparatorChar);
        var probed = run.Results.SelectMany(r => r.Lines("probe ")).Select(l => l.Split(' ')[3]).ToList();
        await Assert.That(probed.All(d => d.StartsWith(run.TempDirectory + Path.DirectorySeparatorChar, StringComparison.Ordinal))).IsTrue().Because(string.Join(", ", probed));
    }

    private List<string> Thumbprints(string scope) =>
        run.Results.SelectMany(r => r.Lines($"probe {scope} ")).Select(l => l.Split(' ')[2]).ToList();
}
