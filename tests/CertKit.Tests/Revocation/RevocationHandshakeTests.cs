using System.Net.Security;
using CertKit.Tests.Support;

namespace CertKit.Tests.Revocation;

/// <summary>Online revocation with custom root trust, proven by real handshakes against an in-process responder.</summary>
[TestClass]
public sealed class RevocationHandshakeTests
{
    [TestMethod]
    public async Task Handshake_LeafNotRevoked_AcceptedAndResponderWasAsked()
    {
        await using var responder = await RevocationResponder.StartAsync();
        using var ca = TestCertificateAuthority.Create(new CertificateOptions { RevocationResponder = responder });
        using var leaf = ca.IssueServerCertificate("localhost");

        var (client, _) = await TlsPair.RunAsync(leaf.Trust.CreateServerOptions(leaf), ca.Trust.CreateClientOptions("localhost"));

        Assert.IsTrue(client.Succeeded, client.ToString());
        Assert.IsGreaterThan(0, responder.CrlRequests + responder.OcspRequests, "the client must really have checked revocation");
    }

    [TestMethod]
    public async Task Handshake_LeafRevoked_RefusedAsRevoked()
    {
        await using var responder = await RevocationResponder.StartAsync();
        using var ca = TestCertificateAuthority.Create(new CertificateOptions { RevocationResponder = responder });
        using var leaf = ca.IssueServerCertificate("localhost");
        ca.Revoke(leaf);

        var (client, _) = await TlsPair.RunAsync(leaf.Trust.CreateServerOptions(leaf), ca.Trust.CreateClientOptions("localhost"));

        Assert.IsFalse(client.Succeeded, client.ToString());
        Assert.AreEqual(SslPolicyErrors.RemoteCertificateChainErrors, client.PolicyErrors);
        Assert.IsTrue(client.ChainStatus.HasFlag(X509ChainStatusFlags.Revoked), client.ToString());
    }

    [TestMethod]
    [DataRow(false)]
    [DataRow(true)]
    public async Task Handshake_IntermediateRevokedOrNot_RefusedOnlyWhenRevoked(bool revoke)
    {
        await using var responder = await RevocationResponder.StartAsync();
        using var root = TestCertificateAuthority.Create(new CertificateOptions { RevocationResponder = responder });
        var intermediate = root.CreateIntermediate();
        using var leaf = intermediate.IssueServerCertificate("localhost");
        if (revoke)
        {
            root.Revoke(intermediate.Certificate, X509RevocationReason.CACompromise);
        }

        var (client, _) = await TlsPair.RunAsync(leaf.Trust.CreateServerOptions(leaf), root.Trust.CreateClientOptions("localhost"));

        Assert.AreEqual(!revoke, client.Succeeded, client.ToString());
        Assert.AreEqual(revoke, client.ChainStatus.HasFlag(X509ChainStatusFlags.Revoked), client.ToString());
    }

    [TestMethod]
    [DataRow(false)]
    [DataRow(true)]
    public async Task Handshake_ResponderUnreachable_RevocationStatusUnknown(bool intermediateChain)
    {
        var responder = await RevocationResponder.StartAsync();
        using var root = TestCertificateAuthority.Create(new CertificateOptions { RevocationResponder = responder });
        var issuer = intermediateChain ? root.CreateIntermediate() : root;
        using var leaf = issuer.IssueServerCertificate("localhost");
        await responder.DisposeAsync();

        var (client, _) = await TlsPair.RunAsync(leaf.Trust.CreateServerOptions(leaf), root.Trust.CreateClientOptions("localhost"));

        Assert.IsFalse(client.Succeeded, client.ToString());
        Assert.IsTrue(client.ChainStatus.HasFlag(X509ChainStatusFlags.RevocationStatusUnknown), client.ToString());
        Assert.IsTrue(client.ChainStatus.HasFlag(X509ChainStatusFlags.OfflineRevocation), client.ToString());
        Assert.IsFalse(client.ChainStatus.HasFlag(X509ChainStatusFlags.Revoked), client.ToString());
    }

    [TestMethod]
    [DataRow(RevocationResponderFailure.ServerError)]
    [DataRow(RevocationResponderFailure.MalformedResponse)]
    public async Task Handshake_ResponderFails_RevocationStatusUnknownAndRequestsCounted(RevocationResponderFailure failure)
    {
        await using var responder = await RevocationResponder.StartAsync();
        using var ca = TestCertificateAuthority.Create(new CertificateOptions { RevocationResponder = responder });
        using var leaf = ca.IssueServerCertificate("localhost");
        responder.Failure = failure;

        var (client, _) = await TlsPair.RunAsync(leaf.Trust.CreateServerOptions(leaf), ca.Trust.CreateClientOptions("localhost"));

        Assert.IsFalse(client.Succeeded, client.ToString());
        Assert.IsTrue(client.ChainStatus.HasFlag(X509ChainStatusFlags.RevocationStatusUnknown), client.ToString());
        Assert.IsGreaterThan(0, responder.CrlRequests + responder.OcspRequests);
    }

    [TestMethod]
    public async Task Handshake_ResponderSlowerThanClientTimeout_RevocationStatusUnknown()
    {
        await using var responder = await RevocationResponder.StartAsync();
        using var ca = TestCertificateAuthority.Create(new CertificateOptions { RevocationResponder = responder });
        using var leaf = ca.IssueServerCertificate("localhost");
        responder.Delay = TimeSpan.FromSeconds(8); // far beyond the client's 1 s, so the outcome does not depend on the machine's speed
        var options = ca.Trust.CreateClientOptions("localhost");
        options.CertificateChainPolicy!.UrlRetrievalTimeout = TimeSpan.FromSeconds(1);

        var (client, _) = await TlsPair.RunAsync(leaf.Trust.CreateServerOptions(leaf), options);

        Assert.IsFalse(client.Succeeded, client.ToString());
        Assert.IsTrue(client.ChainStatus.HasFlag(X509ChainStatusFlags.RevocationStatusUnknown), client.ToString());
    }

    [TestMethod]
    public void Wiring_WithResponder_ChecksRevocationOnlineAndWithoutDoesNot()
    {
        using var withoutResponder = TestCertificateAuthority.Create();

        Assert.AreEqual(X509RevocationMode.NoCheck, withoutResponder.Trust.CreateChainPolicy().RevocationMode);
        Assert.IsEmpty(withoutResponder.IssueServerCertificate().Certificate.Extensions.OfType<X509AuthorityInformationAccessExtension>());
    }

    [TestMethod]
    public async Task Issue_WithResponder_CarriesItsCrlAndOcspUrls()
    {
        await using var responder = await RevocationResponder.StartAsync();
        using var ca = TestCertificateAuthority.Create(new CertificateOptions { RevocationResponder = responder });
        using var leaf = ca.IssueServerCertificate();

        var aia = leaf.Certificate.Extensions.OfType<X509AuthorityInformationAccessExtension>().Single();
        var ocsp = aia.EnumerateOcspUris().Single();
        var cdp = leaf.Certificate.Extensions["2.5.29.31"];

        Assert.AreEqual(X509RevocationMode.Online, ca.Trust.CreateChainPolicy().RevocationMode);
        Assert.StartsWith(responder.BaseAddress.AbsoluteUri, ocsp);
        Assert.IsNotNull(cdp);
        Assert.IsEmpty(ca.Certificate.Certificate.Extensions.OfType<X509AuthorityInformationAccessExtension>(), "a root has no issuer to ask");
    }

    [TestMethod]
    public async Task Issue_UnderIntermediateOfAuthorityWithResponder_InheritsResponderAndLeafTrustChecksOnline()
    {
        await using var responder = await RevocationResponder.StartAsync();
        using var root = TestCertificateAuthority.Create(new CertificateOptions { RevocationResponder = responder });
        var intermediate = root.CreateIntermediate();
        using var leaf = intermediate.IssueServerCertificate("localhost");
        using var plain = TestCertificateAuthority.Create().IssueServerCertificate("localhost");
        intermediate.Revoke(leaf);

        var ocsp = leaf.Certificate.Extensions.OfType<X509AuthorityInformationAccessExtension>().Single().EnumerateOcspUris().Single();
        var (client, _) = await TlsPair.RunAsync(leaf.Trust.CreateServerOptions(leaf), leaf.Trust.CreateClientOptions("localhost"));

        Assert.StartsWith(responder.BaseAddress.AbsoluteUri, ocsp, "the intermediate publishes through its root's responder");
        Assert.AreEqual(X509RevocationMode.Online, leaf.Trust.CreateChainPolicy().RevocationMode);
        Assert.AreEqual(X509RevocationMode.Online, intermediate.Trust.CreateChainPolicy().RevocationMode);
        Assert.AreEqual(X509RevocationMode.NoCheck, plain.Trust.CreateChainPolicy().RevocationMode, "control: no responder, no check");
        Assert.IsFalse(client.Succeeded, client.ToString());
        Assert.IsTrue(client.ChainStatus.HasFlag(X509ChainStatusFlags.Revoked), client.ToString());
    }

    [TestMethod]
    public void Revoke_CertificateFromAnotherAuthority_ThrowsNamingIt()
    {
        using var ca = TestCertificateAuthority.Create();
        using var stranger = TestCertificateAuthority.Create();
        using var foreign = stranger.IssueServerCertificate("foreign.test");

        var e = Assert.ThrowsExactly<ArgumentException>(() => ca.Revoke(foreign));

        Assert.Contains("foreign.test", e.Message);
        Assert.AreEqual("certificate", e.ParamName);
    }

    [TestMethod]
    public async Task DisposeAsync_Always_StopsListening()
    {
        var responder = await RevocationResponder.StartAsync();
        var port = responder.BaseAddress.Port;

        await Task.WhenAll(responder.DisposeAsync().AsTask(), responder.DisposeAsync().AsTask());

        using var late = new System.Net.Sockets.TcpClient();
        await Assert.ThrowsAsync<System.Net.Sockets.SocketException>(() => late.ConnectAsync(System.Net.IPAddress.Loopback, port));
    }
}
