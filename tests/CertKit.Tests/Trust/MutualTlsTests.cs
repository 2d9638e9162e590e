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

        var (client, serverSide) = await TlsPair.RunAsync(ca.Trust.CreateServerOptions(server, ClientCertificateRequirement.Required), ca.Trust.CreateClientOptions("localhost", alice));

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

        var (client, serverSide) = await TlsPair.RunAsync(ca.Trust.CreateServerOptions(server, ClientCertificateRequirement.Required), ca.Trust.CreateClientOptions("localhost", alice));

        Assert.IsTrue(client.Succeeded, client.ToString());
        Assert.IsTrue(serverSide.Succeeded, serverSide.ToString());
    }

    [TestMethod]
    public async Task CreateServerOptions_ClientPresentsNoCertificate_ServerRefuses()
    {
        using var ca = TestCertificateAuthority.Create();
        using var server = ca.IssueServerCertificate("localhost");

        var (client, serverSide) = await TlsPair.RunAsync(ca.Trust.CreateServerOptions(server, ClientCertificateRequirement.Required), ca.Trust.CreateClientOptions("localhost"));

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

        var (client, serverSide) = await TlsPair.RunAsync(ca.Trust.CreateServerOptions(server, ClientCertificateRequirement.Required), ca.Trust.CreateClientOptions("localhost", mallory));

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

        var (_, serverSide) = await TlsPair.RunAsync(ca.Trust.CreateServerOptions(server, ClientCertificateRequirement.Required), ca.Trust.CreateClientOptions("localhost", serverOnly));

        Assert.IsFalse(serverSide.Succeeded, serverSide.ToString());
        Assert.IsTrue(serverSide.ChainStatus.HasFlag(X509ChainStatusFlags.NotValidForUsage), serverSide.ToString());
    }

    [TestMethod]
    public async Task CreateServerOptions_NoClientCertificateRequirement_AcceptsClientWithout()
    {
        using var ca = TestCertificateAuthority.Create();
        using var server = ca.IssueServerCertificate("localhost");

        var (client, serverSide) = await TlsPair.RunAsync(
            ca.Trust.CreateServerOptions(server), ca.Trust.CreateClientOptions("localhost"));

        Assert.IsTrue(client.Succeeded, client.ToString());
        Assert.IsTrue(serverSide.Succeeded, serverSide.ToString());
    }

    [TestMethod]
    public async Task CreateServerOptions_ClientPresentsServerAndClientCertificate_AcceptedAndServerOnlyRefused()
    {
        using var ca = TestCertificateAuthority.Create();
        using var server = ca.IssueServerCertificate("localhost");
        using var both = ca.Issue(new CertificateOptions { Purpose = CertificatePurpose.ServerAndClient, SubjectAlternativeNames = { "bob.test" } });
        using var serverOnly = ca.Issue(new CertificateOptions { Purpose = CertificatePurpose.Server, SubjectAlternativeNames = { "bob.test" } });

        var (_, accepted) = await TlsPair.RunAsync(ca.Trust.CreateServerOptions(server, ClientCertificateRequirement.Required), ca.Trust.CreateClientOptions("localhost", both));
        var (_, refused) = await TlsPair.RunAsync(ca.Trust.CreateServerOptions(server, ClientCertificateRequirement.Required), ca.Trust.CreateClientOptions("localhost", serverOnly));

        Assert.IsTrue(accepted.Succeeded, accepted.ToString());
        Assert.IsFalse(refused.Succeeded, refused.ToString());
        Assert.IsTrue(refused.ChainStatus.HasFlag(X509ChainStatusFlags.NotValidForUsage), refused.ToString());
    }
}
