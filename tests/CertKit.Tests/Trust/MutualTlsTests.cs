using System.Net.Security;
using CertKit.Tests.Support;

namespace CertKit.Tests.Trust;

[TestClass]
public sealed class MutualTlsTests
{
    [TestMethod]
    public async Task CreateServerOptions_ClientPresentsCertificateFromCa_BothSidesSucceed()
    {
        using var ca = TestCertificateAuthority.Create();
        using var server = ca.IssueServerCertificate("localhost");
        using var alice = ca.IssueClientCertificate("alice");

        var (client, serverSide) = await TlsPair.RunAsync(ca.CreateServerOptions(server), ca.CreateClientOptions("localhost", alice));

        Assert.IsTrue(client.Succeeded, client.ToString());
        Assert.IsTrue(serverSide.Succeeded, serverSide.ToString());
        Assert.AreEqual(SslPolicyErrors.None, serverSide.PolicyErrors);
    }

    [TestMethod]
    public async Task CreateServerOptions_ClientCertificateFromIntermediate_SentWithChainAndAccepted()
    {
        using var ca = TestCertificateAuthority.Create();
        var clients = ca.CreateIntermediate();
        using var server = ca.IssueServerCertificate("localhost");
        using var alice = clients.IssueClientCertificate("alice");

        var (client, serverSide) = await TlsPair.RunAsync(ca.CreateServerOptions(server), ca.CreateClientOptions("localhost", alice));

        Assert.IsTrue(client.Succeeded, client.ToString());
        Assert.IsTrue(serverSide.Succeeded, serverSide.ToString());
    }

    [TestMethod]
    public async Task CreateServerOptions_ClientPresentsNoCertificate_ServerRefuses()
    {
        using var ca = TestCertificateAuthority.Create();
        using var server = ca.IssueServerCertificate("localhost");

        var (client, serverSide) = await TlsPair.RunAsync(ca.CreateServerOptions(server), ca.CreateClientOptions("localhost"));

        Assert.IsFalse(serverSide.Succeeded, serverSide.ToString());
        Assert.IsTrue(serverSide.PolicyErrors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable), serverSide.ToString());
        Assert.IsFalse(client.Succeeded, client.ToString());
    }

    [TestMethod]
    public async Task CreateServerOptions_ClientCertificateFromAnotherCa_ServerRefuses()
    {
        using var ca = TestCertificateAuthority.Create();
        using var stranger = TestCertificateAuthority.Create();
        using var server = ca.IssueServerCertificate("localhost");
        using var mallory = stranger.IssueClientCertificate("mallory");

        var (client, serverSide) = await TlsPair.RunAsync(ca.CreateServerOptions(server), ca.CreateClientOptions("localhost", mallory));

        Assert.IsFalse(serverSide.Succeeded, serverSide.ToString());
        Assert.AreEqual(SslPolicyErrors.RemoteCertificateChainErrors, serverSide.PolicyErrors);
        Assert.IsFalse(client.Succeeded, client.ToString());
    }

    [TestMethod]
    public async Task CreateServerOptions_ClientPresentsServerOnlyCertificate_ServerRefuses()
    {
        using var ca = TestCertificateAuthority.Create();
        using var server = ca.IssueServerCertificate("localhost");
        using var serverOnly = ca.IssueServerCertificate("alice.test");

        var (_, serverSide) = await TlsPair.RunAsync(ca.CreateServerOptions(server), ca.CreateClientOptions("localhost", serverOnly));

        Assert.IsFalse(serverSide.Succeeded, serverSide.ToString());
        Assert.IsTrue(serverSide.ChainStatus.HasFlag(X509ChainStatusFlags.NotValidForUsage), serverSide.ToString());
    }

    [TestMethod]
    public async Task CreateServerOptions_ClientCertificateNotRequired_AcceptsClientWithout()
    {
        using var ca = TestCertificateAuthority.Create();
        using var server = ca.IssueServerCertificate("localhost");

        var (client, serverSide) = await TlsPair.RunAsync(
            ca.CreateServerOptions(server, requireClientCertificate: false), ca.CreateClientOptions("localhost"));

        Assert.IsTrue(client.Succeeded, client.ToString());
        Assert.IsTrue(serverSide.Succeeded, serverSide.ToString());
    }
}
