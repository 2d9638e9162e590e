using System.Security.Authentication;
using CertKit.MSTest.Tests.Support;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace CertKit.MSTest.Tests;

[TestClass]
public sealed class SharedAuthorityPerClassTests
{
    private static TestCertificateAuthority _ca = null!; // one root for the class: one key, made once
    private TemporaryCertificate _leaf = null!;          // a fresh server certificate for each test

    public TestContext TestContext { get; set; } = null!;

    [ClassInitialize]
    public static void CreateAuthority(TestContext context) => _ca = TestCertificateAuthority.Create();

    [ClassCleanup]
    public static void DisposeAuthority() => _ca.Dispose(); // and every certificate it issued that is still alive

    [TestInitialize]
    public void IssueLeaf() => _leaf = _ca.Issue(new CertificateOptions { Logger = new TestContextLogger(TestContext) });

    [TestCleanup]
    public void DisposeLeaf() => _leaf.Dispose();

    [TestMethod]
    public async Task Handshake_LeafFromClassAuthority_Accepted()
    {
        var accepted = await LoopbackTls.HandshakeAsync(_ca.Trust.CreateServerOptions(_leaf), _ca.Trust.CreateClientOptions("localhost"));
        Assert.AreEqual(_leaf.Certificate.Thumbprint, accepted);
    }

    [TestMethod]
    public async Task Handshake_LeafFromAnotherAuthority_Refused()
    {
        using var stranger = TestCertificateAuthority.Create();
        using var strangersLeaf = stranger.IssueServerCertificate("localhost");
        await Assert.ThrowsExactlyAsync<AuthenticationException>(
            () => LoopbackTls.HandshakeAsync(stranger.Trust.CreateServerOptions(strangersLeaf), _ca.Trust.CreateClientOptions("localhost")));
    }
}
