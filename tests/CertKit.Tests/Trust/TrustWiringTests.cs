using System.Net.Security;
using CertKit.Tests.Support;

namespace CertKit.Tests.Trust;

/// <summary>What the wiring sets, checked directly: the handshake tests would not notice a callback that overrides .NET's verdict.</summary>
[TestClass]
public sealed class TrustWiringTests
{
    [TestMethod]
    public void CreateClientOptions_Always_NoCallbackAndOnlyTheRootTrusted()
    {
        using var root = TestCertificateAuthority.Create();
        var intermediate = root.CreateIntermediate();
        using var alice = intermediate.IssueClientCertificate("alice");

        var options = intermediate.CreateClientOptions("localhost", alice);

        Assert.IsNull(options.RemoteCertificateValidationCallback);
        Assert.IsNull(options.LocalCertificateSelectionCallback);
        AssertTrustsOnly(root, options.CertificateChainPolicy);
        Assert.AreEqual("localhost", options.TargetHost);
        Assert.IsNotNull(options.ClientCertificateContext);
        Assert.AreEqual(alice.Certificate.Thumbprint, options.ClientCertificateContext.TargetCertificate.Thumbprint);
    }

    [TestMethod]
    public void CreateServerOptions_MutualTls_NoCallbackRequiresClientAndTrustsOnlyTheRoot()
    {
        using var root = TestCertificateAuthority.Create();
        using var server = root.IssueServerCertificate();

        var options = root.CreateServerOptions(server);

        Assert.IsNull(options.RemoteCertificateValidationCallback);
        Assert.IsTrue(options.ClientCertificateRequired);
        AssertTrustsOnly(root, options.CertificateChainPolicy);
    }

    [TestMethod]
    public void CreateHttpHandler_Always_NoCallbackAndOnlyTheRootTrusted()
    {
        using var root = TestCertificateAuthority.Create();

        using var handler = root.CreateHttpHandler();

        Assert.IsNull(handler.SslOptions.RemoteCertificateValidationCallback);
        AssertTrustsOnly(root, handler.SslOptions.CertificateChainPolicy);
    }

    [TestMethod]
    public void CreateServerOptions_CalledTwice_SharesOneCertificateContext()
    {
        using var ca = TestCertificateAuthority.Create();
        using var leaf = ca.IssueServerCertificate();

        var first = leaf.CreateServerOptions();
        var second = leaf.CreateServerOptions();

        Assert.IsNotNull(first.ServerCertificateContext);
        Assert.AreSame(first.ServerCertificateContext, second.ServerCertificateContext, "the chain context is built once per certificate, not per handshake");
        Assert.AreNotSame(first, second);
    }

    [TestMethod]
    public async Task Issue_ServerAndClientUsages_WorksAsServerAndAsMutualTlsClient()
    {
        using var ca = TestCertificateAuthority.Create();
        var options = new TemporaryCertificateOptions();
        options.ExtendedKeyUsages.Add(new Oid("1.3.6.1.5.5.7.3.1"));
        options.ExtendedKeyUsages.Add(new Oid("1.3.6.1.5.5.7.3.2"));
        using var both = ca.Issue(options);
        using var server = ca.IssueServerCertificate();

        var (asServer, _) = await TlsPair.RunAsync(both.CreateServerOptions(), ca.CreateClientOptions("localhost"));
        var (_, sawClient) = await TlsPair.RunAsync(ca.CreateServerOptions(server), ca.CreateClientOptions("localhost", both));

        Assert.IsTrue(asServer.Succeeded, asServer.ToString());
        Assert.IsTrue(sawClient.Succeeded, sawClient.ToString());
    }

    private static void AssertTrustsOnly(TestCertificateAuthority root, X509ChainPolicy? policy)
    {
        Assert.IsNotNull(policy);
        Assert.AreEqual(X509ChainTrustMode.CustomRootTrust, policy.TrustMode);
        Assert.HasCount(1, policy.CustomTrustStore);
        Assert.AreEqual(root.Certificate.Certificate.Thumbprint, policy.CustomTrustStore[0].Thumbprint);
        Assert.IsEmpty(policy.ExtraStore, "intermediates must come from the peer, or a missing one would go unnoticed");
    }
}
