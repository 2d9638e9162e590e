using System.Net.Security;
using CertKit.Tests.Support;

namespace CertKit.Tests.Trust;

/// <summary>The trust noun: what a self-signed certificate or an authority hands out, each proven by a real handshake and its refusal.</summary>
[TestClass]
public sealed class CertificateTrustTests
{
    [TestMethod]
    public async Task Trust_SelfSignedCertificate_ClientTrustsItAndNotAnother()
    {
        using var cert = TemporaryCertificate.Create();
        using var other = TemporaryCertificate.Create();

        var (accepted, _) = await TlsPair.RunAsync(cert.Trust.CreateServerOptions(cert), cert.Trust.CreateClientOptions("localhost"));
        var (refused, _) = await TlsPair.RunAsync(cert.Trust.CreateServerOptions(cert), other.Trust.CreateClientOptions("localhost"));

        Assert.IsTrue(accepted.Succeeded, accepted.ToString());
        Assert.IsFalse(refused.Succeeded);
        Assert.AreEqual(X509ChainStatusFlags.UntrustedRoot, refused.ChainStatus, refused.ToString());
    }

    [TestMethod]
    public async Task Trust_IssuedCertificate_TrustsItsAuthoritysRoot()
    {
        using var ca = TestCertificateAuthority.Create();
        using var intermediate = ca.CreateIntermediate();
        using var first = intermediate.IssueServerCertificate("localhost");
        using var second = ca.IssueServerCertificate("localhost");

        using var stranger = TestCertificateAuthority.Create();
        using var strangersServer = stranger.IssueServerCertificate("localhost");

        var (viaLeaf, _) = await TlsPair.RunAsync(ca.Trust.CreateServerOptions(second), first.Trust.CreateClientOptions("localhost"));
        var (refused, _) = await TlsPair.RunAsync(stranger.Trust.CreateServerOptions(strangersServer), first.Trust.CreateClientOptions("localhost"));

        Assert.IsTrue(viaLeaf.Succeeded, viaLeaf.ToString());
        Assert.IsFalse(refused.Succeeded, "a stranger's server");
        Assert.AreEqual(ca.Certificate.Certificate.Thumbprint, first.TrustAnchor.Thumbprint);
    }

    [TestMethod]
    public async Task CreateServerOptions_OptionalClientCertificate_LetsAnonymousAndTrustedInRefusesStranger()
    {
        using var ca = TestCertificateAuthority.Create();
        using var stranger = TestCertificateAuthority.Create();
        using var server = ca.IssueServerCertificate("localhost");
        using var alice = ca.IssueClientCertificate("alice");
        using var mallory = stranger.IssueClientCertificate("mallory");

        var (anonymousClient, anonymousServer) = await TlsPair.RunAsync(
            ca.Trust.CreateServerOptions(server, ClientCertificateRequirement.Optional), ca.Trust.CreateClientOptions("localhost"));
        var (aliceClient, aliceServer) = await TlsPair.RunAsync(
            ca.Trust.CreateServerOptions(server, ClientCertificateRequirement.Optional), ca.Trust.CreateClientOptions("localhost", alice));
        var (_, malloryServer) = await TlsPair.RunAsync(
            ca.Trust.CreateServerOptions(server, ClientCertificateRequirement.Optional), ca.Trust.CreateClientOptions("localhost", mallory));

        Assert.IsTrue(anonymousClient.Succeeded && anonymousServer.Succeeded, $"{anonymousClient} / {anonymousServer}");
        Assert.AreEqual(SslPolicyErrors.RemoteCertificateNotAvailable, anonymousServer.PolicyErrors);
        Assert.IsTrue(aliceClient.Succeeded && aliceServer.Succeeded, $"{aliceClient} / {aliceServer}");
        Assert.AreEqual(SslPolicyErrors.None, aliceServer.PolicyErrors);
        Assert.IsFalse(malloryServer.Succeeded);
        Assert.AreEqual(X509ChainStatusFlags.PartialChain, malloryServer.ChainStatus, malloryServer.ToString());
    }

    [TestMethod]
    public async Task CreateServerOptions_RequiredClientCertificate_RefusesAnonymous()
    {
        using var ca = TestCertificateAuthority.Create();
        using var server = ca.IssueServerCertificate("localhost");

        var (_, refused) = await TlsPair.RunAsync(ca.Trust.CreateServerOptions(server, ClientCertificateRequirement.Required), ca.Trust.CreateClientOptions("localhost"));

        Assert.IsFalse(refused.Succeeded);
        Assert.AreEqual(SslPolicyErrors.RemoteCertificateNotAvailable, refused.PolicyErrors);
    }

    [TestMethod]
    public async Task CreateServerOptions_IntermediateAuthoritysTrust_AcceptsAClientThatSendsOnlyItsLeaf()
    {
        using var root = TestCertificateAuthority.Create();
        using var intermediate = root.CreateIntermediate();
        using var server = root.IssueServerCertificate("localhost");
        using var client = intermediate.IssueClientCertificate("leaf-only");
        var leafOnly = new SslClientAuthenticationOptions
        {
            TargetHost = "localhost",
            CertificateChainPolicy = root.Trust.CreateChainPolicy(),
            ClientCertificates = [client.Certificate],
        };
        var leafOnlyAgain = new SslClientAuthenticationOptions
        {
            TargetHost = "localhost",
            CertificateChainPolicy = root.Trust.CreateChainPolicy(),
            ClientCertificates = [client.Certificate],
        };

        var (_, viaIntermediate) = await TlsPair.RunAsync(intermediate.Trust.CreateServerOptions(server, ClientCertificateRequirement.Required), leafOnly);
        var (_, viaRoot) = await TlsPair.RunAsync(root.Trust.CreateServerOptions(server, ClientCertificateRequirement.Required), leafOnlyAgain);

        Assert.IsTrue(viaIntermediate.Succeeded, viaIntermediate.ToString());
        Assert.IsFalse(viaRoot.Succeeded, "the root's trust knows no intermediate: the control");
        Assert.AreEqual(X509ChainStatusFlags.PartialChain, viaRoot.ChainStatus, viaRoot.ToString());
    }

    [TestMethod]
    public async Task CreateClientOptions_IntermediateAuthoritysTrust_StillRefusesAServerWithoutItsIntermediate()
    {
        using var root = TestCertificateAuthority.Create();
        using var intermediate = root.CreateIntermediate();
        using var server = intermediate.IssueServerCertificate("localhost");
        var leafOnly = new SslServerAuthenticationOptions
        {
            ServerCertificateContext = SslStreamCertificateContext.Create(server.Certificate, additionalCertificates: null, offline: true),
        };

        var (refused, _) = await TlsPair.RunAsync(leafOnly, intermediate.Trust.CreateClientOptions("localhost"));
        var (accepted, _) = await TlsPair.RunAsync(intermediate.Trust.CreateServerOptions(server), intermediate.Trust.CreateClientOptions("localhost"));

        Assert.IsFalse(refused.Succeeded, "a server that forgets its intermediate is caught");
        Assert.AreEqual(X509ChainStatusFlags.PartialChain, refused.ChainStatus, refused.ToString());
        Assert.IsTrue(accepted.Succeeded, accepted.ToString());
    }

    [TestMethod]
    public void CreateServerOptions_UndefinedRequirement_ThrowsNamingIt()
    {
        using var cert = TemporaryCertificate.Create();

        var e = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => cert.Trust.CreateServerOptions(cert, (ClientCertificateRequirement)9));

        Assert.AreEqual("clientCertificates", e.ParamName);
    }

    [TestMethod]
    public async Task CreateValidationCallback_ClientWithOnlyACallback_AcceptsTheAuthoritysServerOnly()
    {
        using var ca = TestCertificateAuthority.Create();
        using var stranger = TestCertificateAuthority.Create();
        using var server = ca.IssueServerCertificate("localhost");
        using var strangersServer = stranger.IssueServerCertificate("localhost");
        using var clientOnly = ca.Issue(new CertificateOptions { Purpose = CertificatePurpose.Client, SubjectAlternativeNames = { "localhost" } });
        SslClientAuthenticationOptions CallbackOnly(string host) => new() { TargetHost = host, RemoteCertificateValidationCallback = ca.Trust.CreateValidationCallback() };

        var (accepted, _) = await TlsPair.RunAsync(ca.Trust.CreateServerOptions(server), CallbackOnly("localhost"));
        var (strangerRefused, _) = await TlsPair.RunAsync(stranger.Trust.CreateServerOptions(strangersServer), CallbackOnly("localhost"));
        var (wrongHostRefused, _) = await TlsPair.RunAsync(ca.Trust.CreateServerOptions(server), CallbackOnly("wrong.host.test"));
        var (usageRefused, _) = await TlsPair.RunAsync(ca.Trust.CreateServerOptions(clientOnly), CallbackOnly("localhost"));

        Assert.IsTrue(accepted.Succeeded, accepted.ToString());
        Assert.IsFalse(strangerRefused.Succeeded, "a stranger's server");
        Assert.IsFalse(wrongHostRefused.Succeeded, "the host-name check is kept");
        Assert.IsFalse(usageRefused.Succeeded, "a client-only certificate is no server certificate");
    }

    [TestMethod]
    public async Task CreateValidationCallback_ServerCheckingClients_AcceptsTheAuthoritysClientOnly()
    {
        using var ca = TestCertificateAuthority.Create();
        using var stranger = TestCertificateAuthority.Create();
        using var server = ca.IssueServerCertificate("localhost");
        using var alice = ca.IssueClientCertificate("alice");
        using var mallory = stranger.IssueClientCertificate("mallory");
        SslServerAuthenticationOptions CallbackOnly() => new()
        {
            ServerCertificateContext = ca.Trust.CreateServerOptions(server).ServerCertificateContext,
            ClientCertificateRequired = true,
            RemoteCertificateValidationCallback = ca.Trust.CreateValidationCallback(),
        };

        var (_, aliceServer) = await TlsPair.RunAsync(CallbackOnly(), ca.Trust.CreateClientOptions("localhost", alice));
        var (_, malloryServer) = await TlsPair.RunAsync(CallbackOnly(), ca.Trust.CreateClientOptions("localhost", mallory));
        var (_, anonymousServer) = await TlsPair.RunAsync(CallbackOnly(), ca.Trust.CreateClientOptions("localhost"));

        Assert.IsTrue(aliceServer.Succeeded, aliceServer.ToString());
        Assert.IsFalse(malloryServer.Succeeded, malloryServer.ToString());
        Assert.IsFalse(anonymousServer.Succeeded, anonymousServer.ToString());
    }

    [TestMethod]
    public async Task CreateValidationCallback_ServerThatAsksForNoClientCertificate_FailsClosed()
    {
        // .NET reports a missing client certificate alike whether or not the server asked for one: the callback refuses.
        using var ca = TestCertificateAuthority.Create();
        using var server = ca.IssueServerCertificate("localhost");
        var withCallback = ca.Trust.CreateServerOptions(server);
        withCallback.RemoteCertificateValidationCallback = ca.Trust.CreateValidationCallback();

        var (_, refused) = await TlsPair.RunAsync(withCallback, ca.Trust.CreateClientOptions("localhost"));
        var (client, accepted) = await TlsPair.RunAsync(ca.Trust.CreateServerOptions(server), ca.Trust.CreateClientOptions("localhost"));

        Assert.IsFalse(refused.Succeeded);
        Assert.AreEqual(SslPolicyErrors.RemoteCertificateNotAvailable, refused.PolicyErrors);
        Assert.IsTrue(client.Succeeded && accepted.Succeeded, "the control: the trust's own server options ask for nothing and let the client in");
    }

    [TestMethod]
    public async Task Trust_AuthoritysOwnCertificate_ChecksRevocationAsTheAuthorityDoes()
    {
        await using var responder = await RevocationResponder.StartAsync();
        using var ca = TestCertificateAuthority.Create(new CertificateOptions { RevocationResponder = responder });
        using var revoked = ca.IssueServerCertificate("localhost");
        ca.Revoke(revoked);

        var (viaAuthority, _) = await TlsPair.RunAsync(ca.Trust.CreateServerOptions(revoked), ca.Trust.CreateClientOptions("localhost"));
        var (viaItsCertificate, _) = await TlsPair.RunAsync(ca.Trust.CreateServerOptions(revoked), ca.Certificate.Trust.CreateClientOptions("localhost"));

        Assert.AreSame(ca.Trust, ca.Certificate.Trust);
        Assert.AreEqual(X509ChainStatusFlags.Revoked, viaAuthority.ChainStatus & X509ChainStatusFlags.Revoked, viaAuthority.ToString());
        Assert.AreEqual(X509ChainStatusFlags.Revoked, viaItsCertificate.ChainStatus & X509ChainStatusFlags.Revoked, viaItsCertificate.ToString());
    }

    [TestMethod]
    public void WriteCaFile_Authority_WritesTheRootAloneAndNoKey()
    {
        using var ca = TestCertificateAuthority.Create();

        var caFile = ca.Trust.WriteCaFile();
        var environment = ca.Trust.CreateEnvironmentVariables();

        Assert.AreEqual(caFile, environment["SSL_CERT_FILE"]);
        var prefix = WrittenFiles.Prefix(caFile);
        CollectionAssert.AreEqual(new[] { prefix + "trust-anchor.pem" }, WrittenFiles.OnDisk(caFile).Select(Path.GetFileName).ToArray());
        Assert.AreEqual(caFile, ca.Certificate.WriteFiles().TrustAnchorPath, "WriteFiles later reuses the file");
    }

    [TestMethod]
    public async Task CreateIntermediate_ResponderUnderAnAuthorityWithout_ThrowsSayingWhy()
    {
        using var root = TestCertificateAuthority.Create();
        await using var responder = await RevocationResponder.StartAsync();

        var e = Assert.ThrowsExactly<ArgumentException>(() => root.CreateIntermediate(new CertificateOptions { RevocationResponder = responder }));

        Assert.AreEqual(nameof(CertificateOptions.RevocationResponder), e.ParamName);
        StringAssert.Contains(e.Message, "root");
    }

    [TestMethod]
    public void CreateValidationCallback_CalledWithoutAChain_DecidesOnTheCertificateAlone()
    {
        using var ca = TestCertificateAuthority.Create();
        using var stranger = TestCertificateAuthority.Create();
        using var leaf = ca.IssueServerCertificate("localhost");
        using var strangersLeaf = stranger.IssueServerCertificate("localhost");
        var callback = ca.Trust.CreateValidationCallback();

        Assert.IsTrue(callback(this, leaf.Certificate, null, SslPolicyErrors.None));
        Assert.IsFalse(callback(this, strangersLeaf.Certificate, null, SslPolicyErrors.None));
        Assert.IsFalse(callback(this, null, null, SslPolicyErrors.RemoteCertificateNotAvailable));
        Assert.IsFalse(callback(this, leaf.Certificate, null, SslPolicyErrors.RemoteCertificateNameMismatch));
    }

    [TestMethod]
    public void RevokeAndExportCrl_AfterDispose_ThrowObjectDisposed()
    {
        var ca = TestCertificateAuthority.Create();
        var leaf = ca.IssueServerCertificate("localhost");
        ca.Dispose();

        Assert.ThrowsExactly<ObjectDisposedException>(() => ca.Revoke(leaf));
        Assert.ThrowsExactly<ObjectDisposedException>(() => ca.ExportCrl());
    }

    [TestMethod]
    public void Trust_AfterDispose_ThrowsObjectDisposed()
    {
        var cert = TemporaryCertificate.Create();
        var trust = cert.Trust;
        cert.Dispose();

        Assert.ThrowsExactly<ObjectDisposedException>(() => trust.CreateChainPolicy());
        Assert.ThrowsExactly<ObjectDisposedException>(() => cert.Trust);
    }
}
