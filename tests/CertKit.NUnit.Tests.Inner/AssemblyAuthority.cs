using CertKit;
using CertKit.NUnit.Tests.Inner;
using NUnit.Framework;

/// <summary>One authority for the whole assembly: a [SetUpFixture] outside any namespace.</summary>
#pragma warning disable CA1050 // outside any namespace is what makes NUnit apply it to the whole assembly
[SetUpFixture]
public sealed class AssemblyAuthority
#pragma warning restore CA1050
{
    public const string Scope = "assembly";

    public static TestCertificateAuthority Ca { get; private set; } = null!;

    [OneTimeSetUp]
    public void CreateAuthority() => Ca = Record.CreateAuthority(Scope);

    [OneTimeTearDown]
    public void DisposeAuthority() => Ca.Dispose();
}

namespace CertKit.NUnit.Tests.Inner
{
    [TestFixture]
    [Parallelizable(ParallelScope.All)]
    public sealed class AssemblyAuthorityUsers
    {
        [Test]
        public void Issue_FromTheAssemblyAuthority()
        {
            Record.Used(AssemblyAuthority.Scope, AssemblyAuthority.Ca);
            using var leaf = AssemblyAuthority.Ca.IssueServerCertificate("assembly.test");
            Record.Wrote(AssemblyAuthority.Scope, leaf);
        }

        [Test]
        public void IssueClient_FromTheAssemblyAuthority()
        {
            Record.Used(AssemblyAuthority.Scope, AssemblyAuthority.Ca);
            using var leaf = AssemblyAuthority.Ca.IssueClientCertificate("alice");
            Record.Wrote(AssemblyAuthority.Scope, leaf);
        }
    }
}
