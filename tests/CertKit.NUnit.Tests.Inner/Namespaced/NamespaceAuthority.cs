namespace CertKit.NUnit.Tests.Inner.Namespaced;

/// <summary>One authority for every fixture in this namespace (and those under it): a [SetUpFixture] in the namespace.</summary>
[SetUpFixture]
public sealed class NamespaceAuthority
{
    public const string Scope = "namespace";

    public static TestCertificateAuthority Ca { get; private set; } = null!;

    [OneTimeSetUp]
    public void CreateAuthority()
    {
        Ca = TestCertificateAuthority.Create(new CertificateOptions { Logger = new TestContextLogger() });
        Record.Created(Scope, Ca);
        Record.Wrote(Scope, Ca.Certificate);
    }

    [OneTimeTearDown]
    public void DisposeAuthority() => Ca.Dispose();
}

[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class FirstNamespacedFixture
{
    [Test]
    public void Issue_FromTheNamespaceAuthority()
    {
        Record.Used(NamespaceAuthority.Scope, NamespaceAuthority.Ca);
        using var leaf = NamespaceAuthority.Ca.IssueServerCertificate("first.test");
        Record.Wrote(NamespaceAuthority.Scope, leaf);
    }
}

[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class SecondNamespacedFixture
{
    [Test]
    public void Issue_FromTheNamespaceAuthority()
    {
        Record.Used(NamespaceAuthority.Scope, NamespaceAuthority.Ca);
        using var leaf = NamespaceAuthority.Ca.IssueServerCertificate("second.test");
        Record.Wrote(NamespaceAuthority.Scope, leaf);
    }
}
