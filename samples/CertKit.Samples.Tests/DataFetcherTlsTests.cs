using System.Security.Authentication;
using Microsoft.Extensions.Time.Testing;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace CertKit.Samples.Tests;

/// <summary>
/// The seed's two tests (the client connects over TLS; a different certificate is refused) and the cases
/// the seed left out: wrong host, expired, not yet valid, plain TCP against a TLS server.
/// </summary>
[TestClass]
public sealed class DataFetcherTlsTests
{
    [TestMethod]
    public async Task GetTheDataAsync_ClientTrustsServerCertificate_GetsAnswerOverTls()
    {
        using var cert = TemporaryCertificate.Create();
        await using var server = await MockDataServer.StartAsync(cert);
        var fetcher = new DataFetcher("localhost", server.Port, cert.Trust.CreateClientOptions("localhost"));

        var answer = await fetcher.GetTheDataAsync("hello");

        Assert.AreEqual("HELLO", answer);
    }

    [TestMethod]
    public async Task GetTheDataAsync_ClientTrustsDifferentCertificate_ThrowsAuthenticationException()
    {
        using var cert = TemporaryCertificate.Create();
        using var other = TemporaryCertificate.Create();
        await using var server = await MockDataServer.StartAsync(cert);
        var fetcher = new DataFetcher("localhost", server.Port, other.Trust.CreateClientOptions("localhost"));

        var e = await Assert.ThrowsExactlyAsync<AuthenticationException>(() => fetcher.GetTheDataAsync("hello"));

        StringAssert.Contains(e.Message, "UntrustedRoot");
    }

    [TestMethod]
    public async Task GetTheDataAsync_CertificateForAnotherHost_ThrowsAuthenticationException()
    {
        using var cert = TemporaryCertificate.Create("api.test");
        await using var server = await MockDataServer.StartAsync(cert);
        var fetcher = new DataFetcher("localhost", server.Port, cert.Trust.CreateClientOptions("localhost"));
        var control = new DataFetcher("127.0.0.1", server.Port, cert.Trust.CreateClientOptions("api.test"));

        var e = await Assert.ThrowsExactlyAsync<AuthenticationException>(() => fetcher.GetTheDataAsync("hello"));

        StringAssert.Contains(e.Message, "RemoteCertificateNameMismatch");
        Assert.AreEqual("HELLO", await control.GetTheDataAsync("hello"));
    }

    [TestMethod]
    public async Task GetTheDataAsync_CertificateExpired_ThrowsAuthenticationException()
    {
        var lastMonth = new FakeTimeProvider(DateTimeOffset.UtcNow.AddDays(-30));
        using var expired = TemporaryCertificate.Create(new CertificateOptions { TimeProvider = lastMonth });
        await using var server = await MockDataServer.StartAsync(expired);
        var fetcher = new DataFetcher("localhost", server.Port, expired.Trust.CreateClientOptions("localhost"));

        var e = await Assert.ThrowsExactlyAsync<AuthenticationException>(() => fetcher.GetTheDataAsync("hello"));

        StringAssert.Contains(e.Message, "NotTimeValid");
    }

    [TestMethod]
    public async Task GetTheDataAsync_CertificateNotYetValid_ThrowsAuthenticationException()
    {
        var nextWeek = new FakeTimeProvider(DateTimeOffset.UtcNow.AddDays(7));
        using var early = TemporaryCertificate.Create(new CertificateOptions { TimeProvider = nextWeek });
        await using var server = await MockDataServer.StartAsync(early);
        var fetcher = new DataFetcher("localhost", server.Port, early.Trust.CreateClientOptions("localhost"));

        var e = await Assert.ThrowsExactlyAsync<AuthenticationException>(() => fetcher.GetTheDataAsync("hello"));

        StringAssert.Contains(e.Message, "NotTimeValid");
    }

    [TestMethod]
    public async Task GetTheDataAsync_PlainTcpAgainstTlsServer_FailsCleanlyAndServerKeepsServing()
    {
        using var cert = TemporaryCertificate.Create();
        await using var server = await MockDataServer.StartAsync(cert);
        var plain = new DataFetcher("localhost", server.Port);
        var tls = new DataFetcher("localhost", server.Port, cert.Trust.CreateClientOptions("localhost"));

        await Assert.ThrowsExactlyAsync<IOException>(() => plain.GetTheDataAsync("hello"));

        Assert.AreEqual("HELLO", await tls.GetTheDataAsync("hello"));
        await server.DisposeAsync(); // every handler has finished and counted
        Assert.AreEqual(1, server.FailedConnections);
        Assert.AreEqual(1, server.AnsweredConnections);
    }

    [TestMethod]
    public async Task GetTheDataAsync_TlsAgainstPlainServer_ThrowsIOExceptionAndPlainWorks()
    {
        using var cert = TemporaryCertificate.Create();
        await using var server = await MockDataServer.StartAsync();
        var tls = new DataFetcher("localhost", server.Port, cert.Trust.CreateClientOptions("localhost"));
        var plain = new DataFetcher("localhost", server.Port);

        await Assert.ThrowsExactlyAsync<IOException>(() => tls.GetTheDataAsync("hello"));

        Assert.AreEqual("HELLO", await plain.GetTheDataAsync("hello"));
    }
}
