namespace CertKit.NUnit.Tests.Inner.Namespaced;

/// <summary>One authority for every fixture in this namespace (and those under it): a [SetUpFixture] in the namespace.</summary>
[SetUpFixture]
public sealed class NamespaceAuthority
{
    public const string Scope = "namespace";

    public static TestCertificateAuthority Ca { get; private set; } = null!;

    [OneTimeSetUp]
    public void CreateAuthority() => Ca = Record.CreateAuthority(Scope);

    [OneTimeTearDown]
    public void DisposeAuthority() => Ca.Dispose();
}

/// <summary>A test that issues from the namespace's authority; two fixtures of it, so that two fixtures share the one authority.</summary>
[Parallelizable(ParallelScope.All)]
public abstract class NamespaceAuthorityUser(string host)
{
    [Test]
    public void Issue_FromTheNamespaceAuthority()
    {
        Record.Used(NamespaceAuthority.Scope, NamespaceAuthority.Ca);
        using var leaf = NamespaceAuthority.Ca.IssueServerCertificate(host);
        Record.Wrote(NamespaceAuthority.Scope, leaf);
    }
}

[TestFixture]
public sealed class FirstNamespacedFixture() : NamespaceAuthorityUser("first.test");

[TestFixture]
public sealed class SecondNamespacedFixture() : NamespaceAuthorityUser("second.test");
