using System.Security.Authentication;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Newtonsoft.Json;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireMock.Settings;

namespace CertKit.Integrations.Tests;

/// <summary>A WireMock.Net stub serving HTTPS with a CertKit certificate, called by an HttpClient that trusts the test authority only.</summary>
[TestClass]
public sealed class WireMockTests
{
    private const string PfxPassword = "wiremock";

    [TestMethod]
    public async Task Start_HttpsWithCaCertificate_ClientTrustingCaGetsStubbedResponse()
    {
        using var ca = TestCertificateAuthority.Create();
        using var serverCert = ca.IssueServerCertificate(); // localhost, 127.0.0.1 and ::1
        const string pfxPassword = "wiremock";
        using var server = WireMockServer.Start(new WireMockServerSettings
        {
            Urls = ["https://127.0.0.1:0"], // port 0: the system picks a free port; server.Url tells it
            CertificateSettings = new WireMockCertificateSettings
            {
                X509CertificateFilePath = serverCert.WritePfxFile(pfxPassword), // a file: WireMock 1.25 fails on an in-memory ECDSA certificate
                X509CertificatePassword = pfxPassword,
            },
        });
        server.Given(Request.Create().WithPath("/hello").UsingGet()).RespondWith(Response.Create().WithBody("HELLO"));

        using var http = new HttpClient(ca.Trust.CreateHttpHandler());
        Assert.AreEqual("HELLO", await http.GetStringAsync(new Uri($"{server.Url}/hello")));
    }

    [TestMethod]
    public async Task Start_ClientTrustsAnotherCa_RefusedWithAuthenticationException()
    {
        using var ca = TestCertificateAuthority.Create();
        using var stranger = TestCertificateAuthority.Create();
        using var serverCert = ca.IssueServerCertificate();
        using var server = StartHttps(serverCert);
        using var http = new HttpClient(stranger.Trust.CreateHttpHandler());

        var refused = await Assert.ThrowsExactlyAsync<HttpRequestException>(() => http.GetStringAsync(new Uri($"{server.Url}/hello")));

        Assert.IsInstanceOfType<AuthenticationException>(refused.InnerException);
    }

    [TestMethod]
    public async Task Start_LeafFromIntermediate_ClientRefusesBecauseOnlyTheLeafIsSent()
    {
        // The PFX holds the intermediate, but WireMock hands Kestrel the leaf alone, so the client cannot build the chain:
        // issue WireMock's certificate from the root.
        using var ca = TestCertificateAuthority.Create();
        using var serverCert = ca.CreateIntermediate().IssueServerCertificate();
        using var server = StartHttps(serverCert);
        using var http = new HttpClient(ca.Trust.CreateHttpHandler());

        var refused = await Assert.ThrowsExactlyAsync<HttpRequestException>(() => http.GetStringAsync(new Uri($"{server.Url}/hello")));

        Assert.IsInstanceOfType<AuthenticationException>(refused.InnerException);
        StringAssert.Contains(refused.InnerException.Message, "PartialChain");
    }

    [TestMethod]
    public void Start_InMemoryEcdsaCertificate_ThrowsWhileSerializingSettings()
    {
        // WireMock.Net 1.25 writes its settings to JSON before it starts, and reading X509Certificate2.PrivateKey throws for
        // ECDSA keys, CertKit's default. Hence the recipe's PFX path. If this starts passing, the in-memory form works too.
        using var serverCert = TestCertificateAuthority.Shared.IssueServerCertificate();
        var settings = new WireMockServerSettings
        {
            Urls = ["https://127.0.0.1:0"],
            CertificateSettings = new WireMockCertificateSettings { X509Certificate = serverCert.Certificate },
        };

        var failure = Assert.ThrowsExactly<JsonSerializationException>(() => WireMockServer.Start(settings).Dispose());

        Assert.IsInstanceOfType<NotSupportedException>(failure.InnerException);
    }

    [TestMethod]
    public async Task Dispose_AfterServing_StopsListening()
    {
        using var ca = TestCertificateAuthority.Create();
        using var serverCert = ca.IssueServerCertificate();
        using var server = StartHttps(serverCert);
        var port = server.Port;
        Assert.AreNotEqual(0, port);
        using (var http = new HttpClient(ca.Trust.CreateHttpHandler()))
        {
            Assert.AreEqual("HELLO", await http.GetStringAsync(new Uri($"{server.Url}/hello")));
        }

        server.Dispose(); // the using above disposes it again, harmlessly, should an assertion fail first

        await Loopback.AssertNotListeningAsync(port);
    }

    private static WireMockServer StartHttps(TemporaryCertificate serverCert)
    {
        var server = WireMockServer.Start(new WireMockServerSettings
        {
            Urls = ["https://127.0.0.1:0"],
            CertificateSettings = new WireMockCertificateSettings { X509CertificateFilePath = serverCert.WritePfxFile(PfxPassword), X509CertificatePassword = PfxPassword },
        });
        server.Given(Request.Create().WithPath("/hello").UsingGet()).RespondWith(Response.Create().WithBody("HELLO"));
        return server;
    }
}
