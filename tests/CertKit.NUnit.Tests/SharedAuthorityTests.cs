using CertKit.NUnit.Tests.Inner;
using CertKit.NUnit.Tests.Inner.Namespaced;
using CertKit.NUnit.Tests.Support;
using NUnit.Framework.Interfaces;

namespace CertKit.NUnit.Tests;

/// <summary>
/// The shared-authority patterns of docs/nunit.md, per fixture ([OneTimeSetUp]), per namespace and per assembly
/// ([SetUpFixture]), as the inner fixtures use them, checked after NUnit's runner has ended every scope.
/// </summary>
[NonParallelizable]
public sealed class SharedAuthorityTests
{
    private InnerRun _run = null!;

    [OneTimeSetUp]
    public void RunInnerFixtures() => _run = InnerRun.Instance;

    [Test]
    public void OneTimeSetUp_FixtureOfThreeTests_OneAuthorityForAllDisposedWithWhatItIssued() =>
        AssertOneAuthorityDisposed(PerFixtureAuthority.Scope, tests: 3, _run.TestsOf(typeof(PerFixtureAuthority)));

    [Test]
    public void SetUpFixture_InANamespace_OneAuthorityForItsFixturesDisposedAfterThem() =>
        AssertOneAuthorityDisposed(NamespaceAuthority.Scope, tests: 2,
            _run.TestsOf(typeof(FirstNamespacedFixture)).Concat(_run.TestsOf(typeof(SecondNamespacedFixture))));

    [Test]
    public void SetUpFixture_OutsideAnyNamespace_OneAuthorityForTheAssemblyDisposedAtItsEnd() =>
        AssertOneAuthorityDisposed(AssemblyAuthority.Scope, tests: 2, _run.TestsOf(typeof(AssemblyAuthorityUsers)));

    [Test]
    public void InnerRun_Ended_NothingOfItLeftInTheTempDirectory()
    {
        Assert.That(_run.Result.ResultState, Is.EqualTo(ResultState.Success), _run.Result.Message);
        Assert.That(_run.LeftBehind, Is.Empty);
    }

    private static void AssertOneAuthorityDisposed(string scope, int tests, IEnumerable<ITestResult> results)
    {
        var created = Record.CreatedIn(scope);
        var directories = Record.DirectoriesOf(scope);

        Assert.That(results.Select(r => $"{r.FullName}: {r.ResultState} {r.Message}"), Has.Exactly(tests).Items.And.All.Contains(": Passed"));
        Assert.That(created, Has.Length.EqualTo(1), "made once for the scope");
        Assert.That(Record.UsedIn(scope), Has.Length.EqualTo(tests).And.All.SameAs(created[0]), "every test used that one");
        Assert.That(directories, Has.Length.EqualTo(tests + 1), "the authority's and one per test");
        Assert.That(directories.Where(File.Exists), Is.Empty, "files left after the scope ended");
        Assert.Throws<ObjectDisposedException>(() => _ = created[0].Certificate.Certificate, "the authority was disposed");
    }
}
