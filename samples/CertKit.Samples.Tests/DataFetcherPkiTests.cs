using System.Security.Authentication;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace CertKit.Samples.Tests;

/// <summary>The seed's pattern grown up: a chain of three, and mutual TLS where the server checks the client too.</summary>
[TestClass]
public sealed class DataFetcherPkiTests
{
    [TestMethod]
    public async Task GetTheDataAsync_ChainOfThree_ClientTrustingRootGetsAnswer()
    {
        using var root = TestCertificateAuthority.Create();
        var intermediate = root.CreateIntermediate();
        using var leaf = intermediate.IssueServerCertificate("localhost");
        await using var server = await MockDataServer.StartAsync(leaf);
        var fetcher = new DataFetcher("localhost", server.Port, root.Trust.CreateClientOptions("localhost"));

        Assert.AreEqual("HELLO", await fetcher.GetTheDataAsync("hello"));
    }

    [TestMethod]
    public async Task GetTheDataAsync_ChainOfThreeWithoutIntermediate_ThrowsAuthenticationException()
    {
        using var root = TestCertificateAuthority.Create();
        using var missingIntermediate = BrokenCertificateCase.MissingIntermediate.CreateFor(root);
        await using var server = await MockDataServer.StartAsync(missingIntermediate.CreateServerOptions());
        var fetcher = new DataFetcher("localhost", server.Port, root.Trust.CreateClientOptions("localhost"));

        var e = await Assert.ThrowsExactlyAsync<AuthenticationException>(() => fetcher.GetTheDataAsync("hello"));

        StringAssert.Contains(e.Message, "PartialChain");
    }

    [TestMethod]
    public async Task GetTheDataAsync_MutualTlsWithClientCertificateFromCa_GetsAnswer()
    {
        using var ca = TestCertificateAuthority.Create();
        using var serverCertificate = ca.IssueServerCertificate("localhost");
        using var alice = ca.IssueClientCertificate("alice");
        await using var server = await MockDataServer.StartAsync(ca.Trust.CreateServerOptions(serverCertificate, ClientCertificateRequirement.Required));
        var fetcher = new DataFetcher("localhost", server.Port, ca.Trust.CreateClientOptions("localhost", alice));

        Assert.AreEqual("HELLO", await fetcher.GetTheDataAsync("hello"));
        await server.DisposeAsync();
        Assert.AreEqual(1, server.AnsweredConnections);
    }

    [TestMethod]
    public async Task GetTheDataAsync_MutualTlsWithoutClientCertificate_ServerRefuses()
    {
        using var ca = TestCertificateAuthority.Create();
        using var serverCertificate = ca.IssueServerCertificate("localhost");
        await using var server = await MockDataServer.StartAsync(ca.Trust.CreateServerOptions(serverCertificate, ClientCertificateRequirement.Required));
        var fetcher = new DataFetcher("localhost", server.Port, ca.Trust.CreateClientOptions("localhost"));

        // TLS 1.3 finishes the client's side of the handshake before the server has looked at the client's
        // certificate, so the client learns of the refusal as a closed connection rather than a handshake error.
        await Assert.ThrowsAsync<IOException>(() => fetcher.GetTheDataAsync("hello"));
        await server.DisposeAsync();
        Assert.AreEqual(0, server.AnsweredConnections);
        Assert.AreEqual(1, server.FailedConnections);
    }

    [TestMethod]
    public async Task GetTheDataAsync_MutualTlsWithClientCertificateFromAnotherCa_ServerRefuses()
    {
        using var ca = TestCertificateAuthority.Create();
        using var stranger = TestCertificateAuthority.Create();
        using var serverCertificate = ca.IssueServerCertificate("localhost");
        using var mallory = stranger.IssueClientCertificate("mallory");
        await using var server = await MockDataServer.StartAsync(ca.Trust.CreateServerOptions(serverCertificate, ClientCertificateRequirement.Required));
        var fetcher = new DataFetcher("localhost", server.Port, ca.Trust.CreateClientOptions("localhost", mallory));

        await Assert.ThrowsAsync<IOException>(() => fetcher.GetTheDataAsync("hello"));
        await server.DisposeAsync();
        Assert.AreEqual(0, server.AnsweredConnections);
        Assert.AreEqual(1, server.FailedConnections);
    }
}
