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

        var options = intermediate.Trust.CreateClientOptions("localhost", alice);

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

        var options = root.Trust.CreateServerOptions(server, ClientCertificateRequirement.Required);

        Assert.IsNull(options.RemoteCertificateValidationCallback);
        Assert.IsTrue(options.ClientCertificateRequired);
        AssertTrustsOnly(root, options.CertificateChainPolicy);
    }

    [TestMethod]
    public void CreateServerOptions_IntermediateTrustAskingForClients_KnowsOnlyItsOwnIntermediates()
    {
        using var root = TestCertificateAuthority.Create();
        var intermediate = root.CreateIntermediate();
        var deeper = intermediate.CreateIntermediate();
        using var server = root.IssueServerCertificate();

        var fromDeeper = deeper.Trust.CreateServerOptions(server, ClientCertificateRequirement.Required);
        var fromRoot = root.Trust.CreateServerOptions(server, ClientCertificateRequirement.Optional);

        Assert.IsNull(fromDeeper.RemoteCertificateValidationCallback);
        AssertTrustsOnly(root, fromDeeper.CertificateChainPolicy, deeper.Certificate.Certificate, intermediate.Certificate.Certificate);
        AssertTrustsOnly(root, fromRoot.CertificateChainPolicy);
    }

    [TestMethod]
    public void CreateServerOptions_Default_AsksForNoClientCertificate()
    {
        using var root = TestCertificateAuthority.Create();
        using var server = root.IssueServerCertificate();

        var options = root.Trust.CreateServerOptions(server);

        Assert.IsFalse(options.ClientCertificateRequired);
        Assert.IsNull(options.RemoteCertificateValidationCallback);
        Assert.IsNull(options.CertificateChainPolicy);
        Assert.AreSame(server.ServerContext, options.ServerCertificateContext);
    }

    [TestMethod]
    public void CreateServerOptions_OptionalClientCertificate_AsksTrustsOnlyTheRootAndLetsOnlyAbsenceThrough()
    {
        using var root = TestCertificateAuthority.Create();
        using var server = root.IssueServerCertificate();

        var options = root.Trust.CreateServerOptions(server, ClientCertificateRequirement.Optional);
        var callback = options.RemoteCertificateValidationCallback;

        Assert.IsTrue(options.ClientCertificateRequired, "the server asks for a certificate");
        AssertTrustsOnly(root, options.CertificateChainPolicy);
        Assert.IsNotNull(callback);
        Assert.IsTrue(callback(this, null, null, SslPolicyErrors.None));
        Assert.IsTrue(callback(this, null, null, SslPolicyErrors.RemoteCertificateNotAvailable));
        Assert.IsFalse(callback(this, null, null, SslPolicyErrors.RemoteCertificateChainErrors));
        Assert.IsFalse(callback(this, null, null, SslPolicyErrors.RemoteCertificateNotAvailable | SslPolicyErrors.RemoteCertificateChainErrors));
    }

    [TestMethod]
    public void CreateServerOptions_UndefinedEnumValues_ThrowNamingTheParameter()
    {
        using var root = TestCertificateAuthority.Create();
        using var server = root.IssueServerCertificate();

        var requirement = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => root.Trust.CreateServerOptions(server, (ClientCertificateRequirement)7));
        var stapling = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => root.Trust.CreateServerOptions(server, stapling: (OcspStapling)7));

        Assert.AreEqual("clientCertificates", requirement.ParamName);
        Assert.AreEqual("stapling", stapling.ParamName);
    }

    [TestMethod]
    public void CreateHttpHandler_Always_NoCallbackAndOnlyTheRootTrusted()
    {
        using var root = TestCertificateAuthority.Create();

        using var handler = root.Trust.CreateHttpHandler();

        Assert.IsNull(handler.SslOptions.RemoteCertificateValidationCallback);
        AssertTrustsOnly(root, handler.SslOptions.CertificateChainPolicy);
    }

    [TestMethod]
    public void CreateServerOptions_CalledTwice_SharesOneCertificateContext()
    {
        using var ca = TestCertificateAuthority.Create();
        using var leaf = ca.IssueServerCertificate();

        var first = leaf.Trust.CreateServerOptions(leaf);
        var second = leaf.Trust.CreateServerOptions(leaf);

        Assert.IsNotNull(first.ServerCertificateContext);
        Assert.AreSame(first.ServerCertificateContext, second.ServerCertificateContext, "the chain context is built once per certificate, not per handshake");
        Assert.AreNotSame(first, second);
    }

    [TestMethod]
    public async Task Issue_ServerAndClientPurpose_WorksAsServerAndAsMutualTlsClient()
    {
        using var ca = TestCertificateAuthority.Create();
        using var both = ca.Issue(new CertificateOptions { Purpose = CertificatePurpose.ServerAndClient });
        using var server = ca.IssueServerCertificate();

        var (asServer, _) = await TlsPair.RunAsync(both.Trust.CreateServerOptions(both), ca.Trust.CreateClientOptions("localhost"));
        var (_, sawClient) = await TlsPair.RunAsync(ca.Trust.CreateServerOptions(server, ClientCertificateRequirement.Required), ca.Trust.CreateClientOptions("localhost", both));

        Assert.IsTrue(asServer.Succeeded, asServer.ToString());
        Assert.IsTrue(sawClient.Succeeded, sawClient.ToString());
        CollectionAssert.AreEqual(
            new[] { "1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2" },
            both.Certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>().Single().EnhancedKeyUsages.Cast<Oid>().Select(o => o.Value).ToArray());
    }

    [TestMethod]
    public void Trust_SelfSignedAndIssued_TrustTheirOwnAnchorOnly()
    {
        using var selfSigned = TemporaryCertificate.Create();
        using var root = TestCertificateAuthority.Create();
        var intermediate = root.CreateIntermediate();
        using var leaf = intermediate.IssueServerCertificate();

        var selfPolicy = selfSigned.Trust.CreateChainPolicy();

        Assert.AreEqual(selfSigned.Certificate.Thumbprint, selfPolicy.CustomTrustStore.Single().Thumbprint, "a self-signed certificate trusts itself");
        AssertTrustsOnly(root, root.Trust.CreateChainPolicy());
        // The chain policy, like a server's check of its clients, knows the trust's own intermediates; client options do not.
        AssertTrustsOnly(root, leaf.Trust.CreateChainPolicy(), leaf.Certificate, intermediate.Certificate.Certificate);
        AssertTrustsOnly(root, intermediate.Trust.CreateChainPolicy(), intermediate.Certificate.Certificate);
        AssertTrustsOnly(root, intermediate.Certificate.Trust.CreateChainPolicy(), intermediate.Certificate.Certificate);
        AssertTrustsOnly(root, leaf.Trust.CreateClientOptions("localhost").CertificateChainPolicy);
        AssertTrustsOnly(root, intermediate.Trust.CreateClientOptions("localhost").CertificateChainPolicy);
    }

    /// <summary>
    /// The policy trusts the root alone. Its extra store is empty, so a server's intermediates must come from the server,
    /// except, for a server checking clients, the intermediates of the trust's own authority (<paramref name="belowAnchor"/>).
    /// </summary>
    private static void AssertTrustsOnly(TestCertificateAuthority root, X509ChainPolicy? policy, params X509Certificate2[] belowAnchor)
    {
        Assert.IsNotNull(policy);
        Assert.AreEqual(X509ChainTrustMode.CustomRootTrust, policy.TrustMode);
        Assert.HasCount(1, policy.CustomTrustStore);
        Assert.AreEqual(root.Certificate.Certificate.Thumbprint, policy.CustomTrustStore[0].Thumbprint);
        CollectionAssert.AreEquivalent(
            belowAnchor.Select(c => c.Thumbprint).ToArray(),
            policy.ExtraStore.Select(c => c.Thumbprint).ToArray(),
            "nothing but the trust's own intermediates: other intermediates must come from the peer, or a missing one would go unnoticed");
    }
}
