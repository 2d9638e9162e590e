using System.Net;
using System.Security.Authentication;
using CertKit.AspNetCore;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace CertKit.Integrations.Tests;

/// <summary>
/// WebApplicationFactory on real Kestrel sockets (.NET 10's <c>UseKestrel</c>), serving a CertKit certificate over HTTPS and
/// mutual TLS to an HttpClient that trusts the test authority only.
/// </summary>
[TestClass]
public sealed class WebApplicationFactoryTests
{
    private static readonly Uri WhoAmI = new("/whoami", UriKind.Relative);

    [TestMethod]
    public async Task StartServer_HttpsWithCaCertificate_ClientTrustingCaGetsResponse()
    {
        using var ca = TestCertificateAuthority.Create();
        using var serverCert = ca.IssueServerCertificate(); // localhost, 127.0.0.1 and ::1
        await using var factory = new WebApplicationFactory<Program>();
        factory.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(serverCert)));
        factory.StartServer(); // real sockets; ClientOptions.BaseAddress is now https://127.0.0.1:<port>

        using var http = new HttpClient(ca.Trust.CreateHttpHandler()) { BaseAddress = factory.ClientOptions.BaseAddress };
        Assert.AreEqual("anonymous", await http.GetStringAsync(new Uri("/whoami", UriKind.Relative)));
    }

    [TestMethod]
    public async Task StartServer_ClientTrustsAnotherCa_RefusedWithAuthenticationException()
    {
        using var ca = TestCertificateAuthority.Create();
        using var stranger = TestCertificateAuthority.Create();
        using var serverCert = ca.IssueServerCertificate();
        await using var factory = StartOnKestrel(serverCert);
        using var http = new HttpClient(stranger.Trust.CreateHttpHandler()) { BaseAddress = factory.ClientOptions.BaseAddress };

        var refused = await Assert.ThrowsExactlyAsync<HttpRequestException>(() => http.GetStringAsync(WhoAmI));

        Assert.IsInstanceOfType<AuthenticationException>(refused.InnerException);
    }

    [TestMethod]
    public async Task CreateClient_KestrelWithCaCertificate_RefusedBecauseItTrustsTheMachineStoreOnly()
    {
        using var ca = TestCertificateAuthority.Create();
        using var serverCert = ca.IssueServerCertificate();
        await using var factory = StartOnKestrel(serverCert);
        // With Kestrel, the factory's own client is a plain HttpClient: it knows nothing of the test authority.
        using var http = factory.CreateClient();

        var refused = await Assert.ThrowsExactlyAsync<HttpRequestException>(() => http.GetStringAsync(WhoAmI));

        Assert.IsInstanceOfType<AuthenticationException>(refused.InnerException);
    }

    [TestMethod]
    public async Task StartServer_MutualTlsClientCertificateFromCa_AppSeesClient()
    {
        using var ca = TestCertificateAuthority.Create();
        using var serverCert = ca.IssueServerCertificate();
        using var alice = ca.IssueClientCertificate("alice");
        await using var factory = new WebApplicationFactory<Program>();
        factory.UseKestrel(kestrel =>
            kestrel.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(serverCert, requireClientCertificateFrom: ca.Trust)));
        factory.StartServer();

        using var http = new HttpClient(ca.Trust.CreateHttpHandler(clientCertificate: alice)) { BaseAddress = factory.ClientOptions.BaseAddress };
        Assert.AreEqual("CN=alice, O=CertKit", await http.GetStringAsync(new Uri("/whoami", UriKind.Relative)));
    }

    [TestMethod]
    public async Task StartServer_MutualTlsWithoutClientCertificate_Refused()
    {
        using var ca = TestCertificateAuthority.Create();
        using var serverCert = ca.IssueServerCertificate();
        await using var factory = StartOnKestrel(serverCert, requireClientCertificateFrom: ca.Trust);
        using var http = new HttpClient(ca.Trust.CreateHttpHandler()) { BaseAddress = factory.ClientOptions.BaseAddress };

        var refused = await Assert.ThrowsExactlyAsync<HttpRequestException>(() => http.GetStringAsync(WhoAmI));

        // TLS 1.3: the client's side of the handshake is done before the server judges it, so the client sees the connection close.
        Assert.IsInstanceOfType<IOException>(refused.InnerException);
    }

    [TestMethod]
    public async Task StartServer_MutualTlsClientCertificateFromAnotherCa_Refused()
    {
        using var ca = TestCertificateAuthority.Create();
        using var stranger = TestCertificateAuthority.Create();
        using var serverCert = ca.IssueServerCertificate();
        using var mallory = stranger.IssueClientCertificate("mallory");
        await using var factory = StartOnKestrel(serverCert, requireClientCertificateFrom: ca.Trust);
        using var http = new HttpClient(ca.Trust.CreateHttpHandler(clientCertificate: mallory)) { BaseAddress = factory.ClientOptions.BaseAddress };

        var refused = await Assert.ThrowsExactlyAsync<HttpRequestException>(() => http.GetStringAsync(WhoAmI));

        Assert.IsInstanceOfType<IOException>(refused.InnerException);
    }

    [TestMethod]
    public async Task DisposeAsync_AfterStartServer_StopsListening()
    {
        using var ca = TestCertificateAuthority.Create();
        using var serverCert = ca.IssueServerCertificate();
        await using var factory = StartOnKestrel(serverCert);
        var port = factory.ClientOptions.BaseAddress.Port;
        using (var http = new HttpClient(ca.Trust.CreateHttpHandler()) { BaseAddress = factory.ClientOptions.BaseAddress })
        {
            Assert.AreEqual("anonymous", await http.GetStringAsync(WhoAmI));
        }

        await factory.DisposeAsync(); // the await using above disposes it again, harmlessly, should an assertion fail first

        await Loopback.AssertNotListeningAsync(port);
    }

    private static WebApplicationFactory<Program> StartOnKestrel(TemporaryCertificate serverCert, CertificateTrust? requireClientCertificateFrom = null)
    {
        var factory = new WebApplicationFactory<Program>();
        factory.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(serverCert, requireClientCertificateFrom)));
        factory.StartServer();
        return factory;
    }
}
