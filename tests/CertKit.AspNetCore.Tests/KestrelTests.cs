using System.Diagnostics;
using System.Net;
using System.Security.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace CertKit.AspNetCore.Tests;

/// <summary>A real Kestrel on 127.0.0.1, port 0, called over HTTPS and mutual TLS with an HttpClient that trusts the test CA only.</summary>
[TestClass]
public sealed class KestrelTests
{
    [TestMethod]
    public async Task UseHttps_ServerCertificateFromIntermediate_ClientTrustingCaGetsResponse()
    {
        using var ca = TestCertificateAuthority.Create();
        var intermediate = ca.CreateIntermediate();
        using var server = intermediate.IssueServerCertificate("localhost");
        await using var app = await StartKestrelAsync(listen => listen.UseHttps(server));
        using var http = new HttpClient(ca.Trust.CreateHttpHandler());

        var body = await http.GetStringAsync(new Uri(BaseAddress(app), "/whoami"));

        Assert.AreEqual("anonymous over TLS", body);
    }

    [TestMethod]
    public async Task Recipe_KestrelWithMutualTlsAndHttpClient_AsInDocs()
    {
        using var ca = TestCertificateAuthority.Create();
        using var serverCert = ca.IssueServerCertificate("localhost");
        using var alice = ca.IssueClientCertificate("alice");

        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.ConfigureKestrel(kestrel =>
            kestrel.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(serverCert, requireClientCertificateFrom: ca.Trust)));
        await using var app = builder.Build();
        app.MapGet("/whoami", (HttpContext context) => context.Connection.ClientCertificate?.Subject);
        await app.StartAsync();
        var port = new Uri(app.Urls.Single()).Port;

        using var http = new HttpClient(ca.Trust.CreateHttpHandler(clientCertificate: alice));
        Assert.AreEqual("CN=alice, O=CertKit", await http.GetStringAsync(new Uri($"https://localhost:{port}/whoami")));
    }

    [TestMethod]
    public async Task Recipe_ChildProcessTrustsCaThroughEnvironment_AsInDocs()
    {
        var curlPath = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':').Select(d => Path.Combine(d, "curl")).FirstOrDefault(File.Exists);
        if (curlPath is null)
        {
            Assert.Inconclusive("curl is not on PATH; install it (Debian: apt-get install curl). .ci/run installs it.");
        }

        using var ca = TestCertificateAuthority.Create();
        using var stranger = TestCertificateAuthority.Create();
        using var serverCert = ca.IssueServerCertificate("localhost");
        await using var app = await StartKestrelAsync(listen => listen.UseHttps(serverCert));
        var url = new Uri(BaseAddress(app), "/whoami").ToString();

        var curl = new ProcessStartInfo("curl") { ArgumentList = { "--silent", "--show-error", url }, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var (name, value) in ca.Trust.CreateEnvironmentVariables())
        {
            curl.Environment[name] = value; // SSL_CERT_FILE, REQUESTS_CA_BUNDLE, NODE_EXTRA_CA_CERTS, CURL_CA_BUNDLE
        }

        using var process = Process.Start(curl)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.AreEqual(0, process.ExitCode);

        Assert.AreEqual("anonymous over TLS", output);
        var refused = new ProcessStartInfo("curl") { ArgumentList = { "--silent", url }, RedirectStandardOutput = true };
        foreach (var (name, value) in stranger.Trust.CreateEnvironmentVariables())
        {
            refused.Environment[name] = value;
        }

        using var refusedProcess = Process.Start(refused)!;
        await refusedProcess.WaitForExitAsync();
        Assert.AreEqual(60, refusedProcess.ExitCode, "curl exit code 60: peer certificate cannot be authenticated with known CA certificates");
    }

    [TestMethod]
    public async Task UseHttps_ClientTrustsAnotherCa_Refused()
    {
        using var ca = TestCertificateAuthority.Create();
        using var stranger = TestCertificateAuthority.Create();
        using var server = ca.IssueServerCertificate("localhost");
        await using var app = await StartKestrelAsync(listen => listen.UseHttps(server));
        using var http = new HttpClient(stranger.Trust.CreateHttpHandler());

        var e = await Assert.ThrowsExactlyAsync<HttpRequestException>(() => http.GetStringAsync(new Uri(BaseAddress(app), "/whoami")));

        Assert.IsInstanceOfType<AuthenticationException>(e.InnerException);
    }

    [TestMethod]
    public async Task UseHttps_MutualTlsClientCertificateFromCa_ServerSeesClient()
    {
        using var ca = TestCertificateAuthority.Create();
        using var server = ca.IssueServerCertificate("localhost");
        using var alice = ca.IssueClientCertificate("alice");
        await using var app = await StartKestrelAsync(listen => listen.UseHttps(server, requireClientCertificateFrom: ca.Trust));
        using var http = new HttpClient(ca.Trust.CreateHttpHandler(alice));

        var body = await http.GetStringAsync(new Uri(BaseAddress(app), "/whoami"));

        Assert.AreEqual("CN=alice, O=CertKit over TLS", body);
    }

    [TestMethod]
    public async Task UseHttps_MutualTlsWithoutClientCertificate_Refused()
    {
        using var ca = TestCertificateAuthority.Create();
        using var server = ca.IssueServerCertificate("localhost");
        await using var app = await StartKestrelAsync(listen => listen.UseHttps(server, requireClientCertificateFrom: ca.Trust));
        using var http = new HttpClient(ca.Trust.CreateHttpHandler());

        await Assert.ThrowsExactlyAsync<HttpRequestException>(() => http.GetStringAsync(new Uri(BaseAddress(app), "/whoami")));
    }

    [TestMethod]
    public async Task UseHttps_MutualTlsClientCertificateFromAnotherCa_Refused()
    {
        using var ca = TestCertificateAuthority.Create();
        using var stranger = TestCertificateAuthority.Create();
        using var server = ca.IssueServerCertificate("localhost");
        using var mallory = stranger.IssueClientCertificate("mallory");
        await using var app = await StartKestrelAsync(listen => listen.UseHttps(server, requireClientCertificateFrom: ca.Trust));
        using var http = new HttpClient(ca.Trust.CreateHttpHandler(mallory));

        await Assert.ThrowsExactlyAsync<HttpRequestException>(() => http.GetStringAsync(new Uri(BaseAddress(app), "/whoami")));
    }

    [TestMethod]
    public async Task RequireClientCertificate_EarlierOnAuthenticate_StillRunsAndClientIsChecked()
    {
        using var ca = TestCertificateAuthority.Create();
        using var server = ca.IssueServerCertificate("localhost");
        using var alice = ca.IssueClientCertificate("alice");
        var earlierCalls = 0;
        await using var app = await StartKestrelAsync(listen => Microsoft.AspNetCore.Hosting.ListenOptionsHttpsExtensions.UseHttps(listen, https =>
        {
            https.OnAuthenticate = (_, _) => Interlocked.Increment(ref earlierCalls);
            https.ServeCertificate(server).RequireClientCertificate(ca.Trust);
        }));
        using var withCertificate = new HttpClient(ca.Trust.CreateHttpHandler(alice));
        using var without = new HttpClient(ca.Trust.CreateHttpHandler());

        var body = await withCertificate.GetStringAsync(new Uri(BaseAddress(app), "/whoami"));
        await Assert.ThrowsExactlyAsync<HttpRequestException>(() => without.GetStringAsync(new Uri(BaseAddress(app), "/whoami")));

        Assert.AreEqual("CN=alice, O=CertKit over TLS", body);
        Assert.IsGreaterThanOrEqualTo(1, earlierCalls, "the OnAuthenticate set before RequireClientCertificate must still run");
    }

    [TestMethod]
    public async Task RequireClientCertificate_AuthorityWithRevocationResponder_RevokedClientRefusedGoodClientAccepted()
    {
        await using var responder = await RevocationResponder.StartAsync();
        using var ca = TestCertificateAuthority.Create(new CertificateOptions { RevocationResponder = responder });
        using var server = ca.IssueServerCertificate("localhost");
        using var alice = ca.IssueClientCertificate("alice");
        using var mallory = ca.IssueClientCertificate("mallory"); // the same authority and shape as alice's: only revoked
        ca.Revoke(mallory);
        await using var app = await StartKestrelAsync(listen => Microsoft.AspNetCore.Hosting.ListenOptionsHttpsExtensions.UseHttps(listen, https =>
            https.ServeCertificate(server).RequireClientCertificate(ca.Trust)));
        using var good = new HttpClient(ca.Trust.CreateHttpHandler(alice));
        using var revoked = new HttpClient(ca.Trust.CreateHttpHandler(mallory));

        var body = await good.GetStringAsync(new Uri(BaseAddress(app), "/whoami"));
        await Assert.ThrowsExactlyAsync<HttpRequestException>(() => revoked.GetStringAsync(new Uri(BaseAddress(app), "/whoami")));

        Assert.AreEqual("CN=alice, O=CertKit over TLS", body);
        Assert.IsGreaterThan(0, responder.OcspRequests + responder.CrlRequests, "revocation was checked against the authority's responder");
    }

    private static async Task<WebApplication> StartKestrelAsync(Action<Microsoft.AspNetCore.Server.Kestrel.Core.ListenOptions> configure)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, configure));
        var app = builder.Build();
        app.MapGet("/whoami", (HttpContext context) =>
            $"{context.Connection.ClientCertificate?.Subject ?? "anonymous"} over {(context.Request.IsHttps ? "TLS" : "plain TCP")}");
        await app.StartAsync();
        return app;
    }

    private static Uri BaseAddress(WebApplication app)
    {
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        var port = new Uri(address).Port;
        return new Uri($"https://localhost:{port}");
    }
}
