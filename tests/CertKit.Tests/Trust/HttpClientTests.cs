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
        await using var server = new TinyHttpsServer(leaf.Trust.CreateServerOptions(leaf));
        using var http = new HttpClient(ca.Trust.CreateHttpHandler());

        var body = await http.GetStringAsync(new Uri($"https://localhost:{server.Port}/"));

        Assert.AreEqual("anonymous", body);
    }

    [TestMethod]
    public async Task CreateHttpHandler_ServerFromAnotherCa_RefusedWithAuthenticationException()
    {
        using var ca = TestCertificateAuthority.Create();
        using var stranger = TestCertificateAuthority.Create();
        using var leaf = stranger.IssueServerCertificate("localhost");
        await using var server = new TinyHttpsServer(leaf.Trust.CreateServerOptions(leaf));
        using var http = new HttpClient(ca.Trust.CreateHttpHandler());

        var e = await Assert.ThrowsExactlyAsync<HttpRequestException>(() => http.GetStringAsync(new Uri($"https://localhost:{server.Port}/")));

        Assert.IsInstanceOfType<AuthenticationException>(e.InnerException);
    }

    [TestMethod]
    public async Task CreateHttpHandler_WrongHost_RefusedWithAuthenticationException()
    {
        using var ca = TestCertificateAuthority.Create();
        using var leaf = ca.IssueServerCertificate("api.test");
        await using var server = new TinyHttpsServer(leaf.Trust.CreateServerOptions(leaf));
        using var http = new HttpClient(ca.Trust.CreateHttpHandler());

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
        await using var server = new TinyHttpsServer(ca.Trust.CreateServerOptions(leaf, ClientCertificateRequirement.Required));
        using var withCertificate = new HttpClient(ca.Trust.CreateHttpHandler(alice));
        using var without = new HttpClient(ca.Trust.CreateHttpHandler());

        var body = await withCertificate.GetStringAsync(new Uri($"https://localhost:{server.Port}/"));
        await Assert.ThrowsExactlyAsync<HttpRequestException>(() => without.GetStringAsync(new Uri($"https://localhost:{server.Port}/")));

        Assert.AreEqual("CN=alice, O=CertKit", body);
    }

    [TestMethod]
    public async Task CreateHttpHandler_OptionalClientCertificate_ServerAcceptsWithAndWithoutButNotAStranger()
    {
        using var ca = TestCertificateAuthority.Create();
        using var stranger = TestCertificateAuthority.Create();
        using var leaf = ca.IssueServerCertificate("localhost");
        using var alice = ca.IssueClientCertificate("alice");
        using var mallory = stranger.IssueClientCertificate("mallory");
        await using var server = new TinyHttpsServer(ca.Trust.CreateServerOptions(leaf, ClientCertificateRequirement.Optional));
        using var withCertificate = new HttpClient(ca.Trust.CreateHttpHandler(alice));
        using var without = new HttpClient(ca.Trust.CreateHttpHandler());
        using var withForeign = new HttpClient(ca.Trust.CreateHttpHandler(mallory));
        var url = new Uri($"https://localhost:{server.Port}/");

        var named = await withCertificate.GetStringAsync(url);
        var anonymous = await without.GetStringAsync(url);
        await Assert.ThrowsExactlyAsync<HttpRequestException>(() => withForeign.GetStringAsync(url));

        Assert.AreEqual("CN=alice, O=CertKit", named);
        Assert.AreEqual("anonymous", anonymous);
    }

    [TestMethod]
    public async Task CreateHttpHandler_NoClientCertificateRequirement_ServerNeverAsksForIt()
    {
        using var ca = TestCertificateAuthority.Create();
        using var leaf = ca.IssueServerCertificate("localhost");
        using var alice = ca.IssueClientCertificate("alice");
        await using var server = new TinyHttpsServer(ca.Trust.CreateServerOptions(leaf));
        using var withCertificate = new HttpClient(ca.Trust.CreateHttpHandler(alice));

        var body = await withCertificate.GetStringAsync(new Uri($"https://localhost:{server.Port}/"));

        Assert.AreEqual("anonymous", body, "a certificate the server did not ask for is not sent");
    }
}
