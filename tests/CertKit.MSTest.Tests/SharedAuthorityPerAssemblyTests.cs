using System.Security.Authentication;
using CertKit.MSTest.Tests.Support;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace CertKit.MSTest.Tests;

[TestClass]
public static class AssemblyAuthority
{
    public static TestCertificateAuthority Ca { get; private set; } = null!; // one root for every test class in the assembly

    [AssemblyInitialize]
    public static void CreateAuthority(TestContext context) => Ca = TestCertificateAuthority.Create();

    [AssemblyCleanup]
    public static void DisposeAuthority() => Ca.Dispose();
}

[TestClass]
public sealed class SharedAuthorityPerAssemblyTests
{
    [TestMethod]
    public async Task Handshake_LeafFromAssemblyAuthority_Accepted()
    {
        using var leaf = AssemblyAuthority.Ca.IssueServerCertificate("localhost"); // fresh for this test, deleted at its end
        var accepted = await LoopbackTls.HandshakeAsync(
            AssemblyAuthority.Ca.Trust.CreateServerOptions(leaf), AssemblyAuthority.Ca.Trust.CreateClientOptions("localhost"));
        Assert.AreEqual(leaf.Certificate.Thumbprint, accepted);
    }

    [TestMethod]
    public async Task Handshake_LeafFromAnotherAuthority_Refused()
    {
        using var stranger = TestCertificateAuthority.Create();
        using var strangersLeaf = stranger.IssueServerCertificate("localhost");
        await Assert.ThrowsExactlyAsync<AuthenticationException>(
            () => LoopbackTls.HandshakeAsync(stranger.Trust.CreateServerOptions(strangersLeaf), AssemblyAuthority.Ca.Trust.CreateClientOptions("localhost")));
    }
}
