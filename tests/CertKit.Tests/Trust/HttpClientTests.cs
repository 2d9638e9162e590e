using System.Security.Authentication;
using CertKit.Tests.Support;

namespace CertKit.Tests.Trust;

[TestClass]
public sealed class HttpClientTests
{
    [TestMethod]
    public async Task CreateHttpHandler_ServerFromThisCa_GetSucceeds()
    {
        using var ca = TestCertificateAuthority.Create();
        var intermediate = ca.CreateIntermediate();
        using var leaf = intermediate.IssueServerCertificate("localhost");
        await using var server = new TinyHttpsServer(leaf.CreateServerOptions());
        using var http = new HttpClient(ca.CreateHttpHandler());

        var body = await http.GetStringAsync(new Uri($"https://localhost:{server.Port}/"));

        Assert.AreEqual("anonymous", body);
    }

    [TestMethod]
    public async Task CreateHttpHandler_ServerFromAnotherCa_RefusedWithAuthenticationException()
    {
        using var ca = TestCertificateAuthority.Create();
        using var stranger = TestCertificateAuthority.Create();
        using var leaf = stranger.IssueServerCertificate("localhost");
        await using var server = new TinyHttpsServer(leaf.CreateServerOptions());
        using var http = new HttpClient(ca.CreateHttpHandler());

        var e = await Assert.ThrowsExactlyAsync<HttpRequestException>(() => http.GetStringAsync(new Uri($"https://localhost:{server.Port}/")));

        Assert.IsInstanceOfType<AuthenticationException>(e.InnerException);
    }

    [TestMethod]
    public async Task CreateHttpHandler_WrongHost_RefusedWithAuthenticationException()
    {
        using var ca = TestCertificateAuthority.Create();
        using var leaf = ca.IssueServerCertificate("api.test");
        await using var server = new TinyHttpsServer(leaf.CreateServerOptions());
        using var http = new HttpClient(ca.CreateHttpHandler());

        var e = await Assert.ThrowsExactlyAsync<HttpRequestException>(() => http.GetStringAsync(new Uri($"https://localhost:{server.Port}/")));

        Assert.IsInstanceOfType<AuthenticationException>(e.InnerException);
        StringAssert.Contains(e.InnerException!.Message, "RemoteCertificateNameMismatch");
    }

    [TestMethod]
    public async Task CreateHttpHandler_WithClientCertificate_MutualTlsServerSeesIt()
    {
        using var ca = TestCertificateAuthority.Create();
        using var leaf = ca.IssueServerCertificate("localhost");
        using var alice = ca.IssueClientCertificate("alice");
        await using var server = new TinyHttpsServer(ca.CreateServerOptions(leaf));
        using var withCertificate = new HttpClient(ca.CreateHttpHandler(alice));
        using var without = new HttpClient(ca.CreateHttpHandler());

        var body = await withCertificate.GetStringAsync(new Uri($"https://localhost:{server.Port}/"));
        await Assert.ThrowsExactlyAsync<HttpRequestException>(() => without.GetStringAsync(new Uri($"https://localhost:{server.Port}/")));

        Assert.AreEqual("CN=alice, O=CertKit", body);
    }
}
