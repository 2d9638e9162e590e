namespace CertKit.NUnit.Tests.Inner;

/// <summary>One authority per fixture: [OneTimeSetUp] and [OneTimeTearDown], as docs/nunit.md shows.</summary>
[TestFixture]
[Parallelizable(ParallelScope.Children)]
public sealed class PerFixtureAuthority
{
    public const string Scope = "fixture";

    private TestCertificateAuthority _ca = null!;

    [OneTimeSetUp]
    public void CreateAuthority() => _ca = Record.CreateAuthority(Scope);

    [OneTimeTearDown]
    public void DisposeAuthority() => _ca.Dispose(); // and every certificate it issued that is still alive

    [TestCase("one.test")]
    [TestCase("two.test")]
    [TestCase("three.test")]
    public void Issue_FromTheFixtureAuthority(string host)
    {
        Record.Used(Scope, _ca);
        var leaf = _ca.IssueServerCertificate(host); // not disposed here on purpose: the authority's Dispose must take it
        Record.Wrote(Scope, leaf);
        Assert.That(leaf.Certificate.Issuer, Is.EqualTo(_ca.Certificate.Certificate.Subject));
    }
}
