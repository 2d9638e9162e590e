using System.Diagnostics;
using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Time.Testing;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace CertKit.Samples.Tests;

/// <summary>
/// The recipes of the documentation run against the sample's own client and server (<see cref="DataFetcher"/>,
/// <see cref="MockDataServer"/>), each with its refusal. The documentation's C# blocks themselves are compiled and run in
/// consumer projects made from the packed packages (.ci/consumer/run); <see cref="DocsLinkTests"/> checks their links.
/// </summary>
[TestClass]
public sealed class ReadmeTests
{
    [TestMethod]
    public async Task Handshake_ServerCertificateFromTestCa_ClientTrustingOnlyThatCaAccepts()
    {
        var (serverStream, clientStream) = await LoopbackTls.ConnectedPairAsync();
        await using (serverStream)
        await using (clientStream)
        {
            using var ca = TestCertificateAuthority.Create();
            using var cert = ca.IssueServerCertificate("localhost");
            var serverSide = serverStream.AuthenticateAsServerAsync(ca.Trust.CreateServerOptions(cert));
            await clientStream.AuthenticateAsClientAsync(ca.Trust.CreateClientOptions("localhost"));
            await serverSide;

            Assert.IsTrue(clientStream.IsAuthenticated);
            Assert.AreEqual(cert.Certificate.Thumbprint, ((X509Certificate2)clientStream.RemoteCertificate!).Thumbprint);
        }
    }

    [TestMethod]
    public async Task Handshake_ClientTrustsAnotherCa_Refused()
    {
        var (serverStream, clientStream) = await LoopbackTls.ConnectedPairAsync();
        await using (serverStream)
        await using (clientStream)
        {
            using var ca = TestCertificateAuthority.Create();
            using var stranger = TestCertificateAuthority.Create();
            using var cert = ca.IssueServerCertificate("localhost");
            var serverSide = serverStream.AuthenticateAsServerAsync(ca.Trust.CreateServerOptions(cert));

            await Assert.ThrowsExactlyAsync<AuthenticationException>(
                () => clientStream.AuthenticateAsClientAsync(stranger.Trust.CreateClientOptions("localhost")));
            await Task.WhenAny(serverSide); // the server may or may not see the client's alert; only the client's verdict matters
            Assert.IsFalse(clientStream.IsAuthenticated);
        }
    }

    [TestMethod]
    public async Task GetTheDataAsync_SeedPattern_GetsHelloAndStrangerIsRefused()
    {
        using var cert = TemporaryCertificate.Create(); // self-signed for localhost, 127.0.0.1, ::1
        await using var mock = await MockDataServer.StartAsync(cert); // serves cert.Trust.CreateServerOptions(cert)
        var fetcher = new DataFetcher("localhost", mock.Port, cert.Trust.CreateClientOptions("localhost")); // trusts cert and nothing else
        Assert.AreEqual("HELLO", await fetcher.GetTheDataAsync("hello"));

        using var other = TemporaryCertificate.Create();
        var stranger = new DataFetcher("localhost", mock.Port, other.Trust.CreateClientOptions("localhost"));
        await Assert.ThrowsExactlyAsync<AuthenticationException>(() => stranger.GetTheDataAsync("hello"));
    }

    [TestMethod]
    public async Task GetTheDataAsync_ChainOfThree_GetsHello()
    {
        using var root = TestCertificateAuthority.Create();
        var intermediate = root.CreateIntermediate(); // disposed with root
        using var leaf = intermediate.IssueServerCertificate("localhost");
        await using var server = await MockDataServer.StartAsync(leaf); // sends leaf + intermediate
        var client = new DataFetcher("localhost", server.Port, root.Trust.CreateClientOptions("localhost")); // leaf.Trust is the same root
        Assert.AreEqual("HELLO", await client.GetTheDataAsync("hello"));
    }

    [TestMethod]
    public async Task GetTheDataAsync_MutualTls_GetsHelloAndClientWithoutCertificateIsRefused()
    {
        using var ca = TestCertificateAuthority.Create();
        using var serverCert = ca.IssueServerCertificate("localhost");
        using var alice = ca.IssueClientCertificate("alice", "alice@example.test");
        await using var server = await MockDataServer.StartAsync(ca.Trust.CreateServerOptions(serverCert, ClientCertificateRequirement.Required));
        var withCert = new DataFetcher("localhost", server.Port, ca.Trust.CreateClientOptions("localhost", alice));
        var without = new DataFetcher("localhost", server.Port, ca.Trust.CreateClientOptions("localhost"));
        Assert.AreEqual("HELLO", await withCert.GetTheDataAsync("hello"));
        await Assert.ThrowsAsync<IOException>(() => without.GetTheDataAsync("hello")); // refused by the server
    }

    [TestMethod]
    public async Task Trust_EveryWiring_AcceptsTheAuthorityAndRefusesAStranger()
    {
        using var ca = TestCertificateAuthority.Create(); // or cert.Trust: a self-signed certificate trusts itself, an issued one its root
        using var serverCert = ca.IssueServerCertificate("localhost");
        using var alice = ca.IssueClientCertificate("alice");
        var trust = ca.Trust;

        // SslStream servers: the chain is sent; client certificates None (default), Optional or Required; OcspStapling Off (default) or On
        await using var open = await MockDataServer.StartAsync(trust.CreateServerOptions(serverCert));
        await using var optional = await MockDataServer.StartAsync(trust.CreateServerOptions(serverCert, ClientCertificateRequirement.Optional));
        await using var mutual = await MockDataServer.StartAsync(trust.CreateServerOptions(serverCert, ClientCertificateRequirement.Required, OcspStapling.Off));

        // SslStream clients: this root and nothing else, with or without a client certificate
        Assert.AreEqual("HELLO", await new DataFetcher("localhost", open.Port, trust.CreateClientOptions("localhost")).GetTheDataAsync("hello"));
        Assert.AreEqual("HELLO", await new DataFetcher("localhost", optional.Port, trust.CreateClientOptions("localhost")).GetTheDataAsync("hello"));
        Assert.AreEqual("HELLO", await new DataFetcher("localhost", mutual.Port, trust.CreateClientOptions("localhost", alice)).GetTheDataAsync("hello"));

        // Clients that take only a validation callback (Redis, RabbitMQ, MQTTnet, MailKit...): in place of "=> true"
        var callbackOnly = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = trust.CreateValidationCallback() };
        Assert.AreEqual("HELLO", await new DataFetcher("localhost", open.Port, callbackOnly).GetTheDataAsync("hello"));

        // HttpClient, X509Chain, and child processes that are not .NET
        using var http = new HttpClient(trust.CreateHttpHandler(clientCertificate: alice));
        using var chain = new X509Chain { ChainPolicy = trust.CreateChainPolicy() };
        Assert.IsTrue(chain.Build(serverCert.Certificate));
        var variables = trust.CreateEnvironmentVariables(); // SSL_CERT_FILE, REQUESTS_CA_BUNDLE, NODE_EXTRA_CA_CERTS, CURL_CA_BUNDLE

        // The negative controls: a stranger's server, a wrong host, a missing or foreign client certificate.
        using var stranger = TestCertificateAuthority.Create();
        using var strangersCert = stranger.IssueServerCertificate("localhost");
        using var mallory = stranger.IssueClientCertificate("mallory");
        await using var impostor = await MockDataServer.StartAsync(strangersCert);
        await Assert.ThrowsExactlyAsync<AuthenticationException>(
            () => new DataFetcher("localhost", impostor.Port, trust.CreateClientOptions("localhost")).GetTheDataAsync("hello"));
        await Assert.ThrowsExactlyAsync<AuthenticationException>(() => new DataFetcher("localhost", impostor.Port, callbackOnly).GetTheDataAsync("hello"));
        var callbackForWrongHost = new SslClientAuthenticationOptions { TargetHost = "api.test", RemoteCertificateValidationCallback = trust.CreateValidationCallback() };
        await Assert.ThrowsExactlyAsync<AuthenticationException>(() => new DataFetcher("localhost", open.Port, callbackForWrongHost).GetTheDataAsync("hello"));
        Assert.AreEqual("HELLO", await new DataFetcher("localhost", optional.Port, trust.CreateClientOptions("localhost", alice)).GetTheDataAsync("hello"));
        await Assert.ThrowsAsync<IOException>(
            () => new DataFetcher("localhost", optional.Port, trust.CreateClientOptions("localhost", mallory)).GetTheDataAsync("hello")); // sent, so checked
        await Assert.ThrowsAsync<IOException>(() => new DataFetcher("localhost", mutual.Port, trust.CreateClientOptions("localhost")).GetTheDataAsync("hello"));
        using var strangersChain = new X509Chain { ChainPolicy = trust.CreateChainPolicy() };
        Assert.IsFalse(strangersChain.Build(strangersCert.Certificate));

        // The mock is not an HTTP server: behind a trusted handshake its answer is an invalid response; a refused handshake is a secure-connection error.
        var answered = await Assert.ThrowsExactlyAsync<HttpRequestException>(() => http.GetStringAsync(new Uri($"https://localhost:{open.Port}/")));
        Assert.IsTrue(answered.HttpRequestError is HttpRequestError.ResponseEnded or HttpRequestError.InvalidResponse, answered.ToString());
        var refused = await Assert.ThrowsExactlyAsync<HttpRequestException>(() => http.GetStringAsync(new Uri($"https://localhost:{impostor.Port}/")));
        Assert.AreEqual(HttpRequestError.SecureConnectionError, refused.HttpRequestError, refused.ToString());

        Assert.AreEqual(ca.Certificate.CertificatePem, await File.ReadAllTextAsync(variables["SSL_CERT_FILE"]));
        Assert.AreEqual(1, variables.Values.Distinct().Count());
    }

    [TestMethod]
    public async Task Trust_EnvironmentVariables_OpenSslClientTrustsTheAuthorityOnly()
    {
        RequireOpenSsl();
        using var ca = TestCertificateAuthority.Create();
        using var stranger = TestCertificateAuthority.Create();
        using var serverCert = ca.IssueServerCertificate("localhost");
        await using var server = await MockDataServer.StartAsync(serverCert);

        var (trusted, trustedOutput) = await OpenSslClientAsync(server.Port, ca.Trust.CreateEnvironmentVariables());
        var (refused, refusedOutput) = await OpenSslClientAsync(server.Port, stranger.Trust.CreateEnvironmentVariables());

        // The mock closes without a TLS close_notify, so even the trusting openssl exits with 1 ("unexpected eof"): judge by what it printed.
        StringAssert.Contains(trustedOutput, "HELLO");
        Assert.IsFalse(trustedOutput.Contains("verify error", StringComparison.Ordinal), trustedOutput);
        Assert.AreNotEqual(0, refused, refusedOutput);
        StringAssert.Contains(refusedOutput, "verify error");
        Assert.IsFalse(refusedOutput.Contains("HELLO", StringComparison.Ordinal), refusedOutput);
        TestContext.WriteLine($"trusted: exit {trusted}; refused: exit {refused}");
    }

    [TestMethod]
    public async Task BringYourOwnCa_ImportPemAndPfx_IssueWhatTheSameRootTrusts()
    {
        using var yours = TestCertificateAuthority.Create(); // stands in for a CA kept on disk
        var caPem = yours.Certificate.CertificatePem;
        var caKeyPem = yours.Certificate.PrivateKeyPem;
        var caPfx = yours.Certificate.ExportPfx("pfx password");

        // caPem = File.ReadAllText("ca.pem"), caKeyPem = File.ReadAllText("ca.key"), caPfx = File.ReadAllBytes("ca.pfx")
        using var ca = TestCertificateAuthority.ImportPem(caPem, caKeyPem);
        using var sameCa = TestCertificateAuthority.ImportPfx(caPfx, "pfx password");
        using var serverCert = ca.IssueServerCertificate("localhost");
        await using var server = await MockDataServer.StartAsync(serverCert);
        var client = new DataFetcher("localhost", server.Port, sameCa.Trust.CreateClientOptions("localhost")); // one root, however it was read
        Assert.AreEqual("HELLO", await client.GetTheDataAsync("hello"));

        using var someoneElses = TestCertificateAuthority.Create();
        var mismatch = Assert.ThrowsExactly<ArgumentException>(() => TestCertificateAuthority.ImportPem(caPem, someoneElses.Certificate.PrivateKeyPem));
        StringAssert.Contains(mismatch.Message, "does not match"); // and names the certificate and both keys

        StringAssert.Contains(mismatch.Message, yours.Certificate.Certificate.Subject);
        var stranger = new DataFetcher("localhost", server.Port, someoneElses.Trust.CreateClientOptions("localhost"));
        await Assert.ThrowsExactlyAsync<AuthenticationException>(() => stranger.GetTheDataAsync("hello"));
        Assert.AreEqual(yours.Certificate.Certificate.Thumbprint, serverCert.TrustAnchor.Thumbprint);
    }

    [TestMethod]
    public async Task Revocation_RevokedLeaf_RefusedAndGoodLeafAccepted()
    {
        await using var responder = await RevocationResponder.StartAsync(); // CRL and OCSP on 127.0.0.1
        using var ca = TestCertificateAuthority.Create(new CertificateOptions { RevocationResponder = responder });
        using var good = ca.IssueServerCertificate("localhost");
        using var revoked = ca.IssueServerCertificate("localhost");
        ca.Revoke(revoked, X509RevocationReason.KeyCompromise); // before any client has looked: .NET caches answers (docs/revocation.md)

        await using var goodServer = await MockDataServer.StartAsync(good);
        await using var revokedServer = await MockDataServer.StartAsync(revoked);
        var trustsCa = ca.Trust.CreateClientOptions("localhost"); // custom root trust, revocation checked online
        Assert.AreEqual("HELLO", await new DataFetcher("localhost", goodServer.Port, trustsCa).GetTheDataAsync("hello"));
        var refused = await Assert.ThrowsExactlyAsync<AuthenticationException>(
            () => new DataFetcher("localhost", revokedServer.Port, ca.Trust.CreateClientOptions("localhost")).GetTheDataAsync("hello"));
        StringAssert.Contains(refused.Message, "Revoked");
        Assert.IsGreaterThan(0, responder.CrlRequests + responder.OcspRequests); // the client really asked
    }

    [TestMethod]
    public async Task Revocation_RevokedAfterTheFirstCheck_StillAcceptedFromCache()
    {
        await using var responder = await RevocationResponder.StartAsync();
        using var ca = TestCertificateAuthority.Create(new CertificateOptions { RevocationResponder = responder });
        using var leaf = ca.IssueServerCertificate("localhost");
        await using var server = await MockDataServer.StartAsync(leaf);
        Assert.AreEqual("HELLO", await new DataFetcher("localhost", server.Port, ca.Trust.CreateClientOptions("localhost")).GetTheDataAsync("hello"));
        var asked = responder.CrlRequests + responder.OcspRequests;

        ca.Revoke(leaf);
        var again = await new DataFetcher("localhost", server.Port, ca.Trust.CreateClientOptions("localhost")).GetTheDataAsync("again");

        TestContext.WriteLine($"requests before revoking: {asked}, after: {responder.CrlRequests + responder.OcspRequests}");
        Assert.AreEqual("AGAIN", again, "documented: .NET keeps the answer it already has until its NextUpdate");
    }

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public void Options_NamesPurposeKeyAndValidity_MakeThatCertificate()
    {
        var options = new CertificateOptions
        {
            SubjectAlternativeNames = { "api.test", "*.api.test", "10.1.2.3", "fd00::1" },
            Purpose = CertificatePurpose.ServerAndClient, // Server when unset; Client for mutual TLS
            KeyAlgorithm = KeyAlgorithm.Rsa2048,
            NotAfter = DateTimeOffset.UtcNow.AddHours(1), // NotBefore: 5 minutes ago when unset
        };
        using var cert = TemporaryCertificate.Create(options);

        Assert.AreEqual("CN=api.test, O=CertKit", cert.Certificate.Subject);
        Assert.IsLessThan(TimeSpan.FromMinutes(1), (cert.Certificate.NotAfter.ToUniversalTime() - DateTime.UtcNow.AddHours(1)).Duration());
        Assert.IsNotNull(cert.Certificate.GetRSAPrivateKey());
        var usages = cert.Certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>().Single().EnhancedKeyUsages.Cast<System.Security.Cryptography.Oid>()
            .Select(o => o.Value).ToArray();
        CollectionAssert.AreEquivalent(new[] { "1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2" }, usages); // serverAuth, clientAuth
    }

    [TestMethod]
    public async Task Expired_SelfSignedAndIssued_AreRefusedAndAFreshLeafIsNot()
    {
        var lastMonth = new FakeTimeProvider(DateTimeOffset.UtcNow.AddDays(-30));
        using var expired = TemporaryCertificate.Create(new CertificateOptions { TimeProvider = lastMonth }); // 7 days from then

        // Issued by an authority: the authority must start first (a NotBefore earlier than the authority's throws)
        var now = DateTimeOffset.UtcNow;
        using var ca = TestCertificateAuthority.Create(new CertificateOptions { NotBefore = now.AddDays(-30), NotAfter = now.AddDays(30) });
        using var expiredLeaf = ca.Issue(new CertificateOptions { NotBefore = now.AddDays(-30), NotAfter = now.AddDays(-1) });

        await using var server = await MockDataServer.StartAsync(expired);
        var client = new DataFetcher("localhost", server.Port, expired.Trust.CreateClientOptions("localhost"));
        var e = await Assert.ThrowsExactlyAsync<AuthenticationException>(() => client.GetTheDataAsync("hello"));
        StringAssert.Contains(e.Message, "NotTimeValid");

        using var freshLeaf = ca.IssueServerCertificate("localhost");
        await using var expiredServer = await MockDataServer.StartAsync(expiredLeaf);
        await using var freshServer = await MockDataServer.StartAsync(freshLeaf);
        var leafRefused = await Assert.ThrowsExactlyAsync<AuthenticationException>(
            () => new DataFetcher("localhost", expiredServer.Port, ca.Trust.CreateClientOptions("localhost")).GetTheDataAsync("hello"));
        StringAssert.Contains(leafRefused.Message, "NotTimeValid");
        Assert.AreEqual("HELLO", await new DataFetcher("localhost", freshServer.Port, ca.Trust.CreateClientOptions("localhost")).GetTheDataAsync("hello"));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ca.Issue(new CertificateOptions { NotBefore = now.AddDays(-31) }));
    }

    [TestMethod]
    public async Task Files_WrittenOnRequest_AreReadableThenGone()
    {
        RequireOpenSsl();

        CertificateFiles files;
        using (var cert = TemporaryCertificate.Create())
        {
            // Code under test that wants paths gets paths: WriteFiles() writes the PEM files, WritePfxFile(password) a PFX.
            files = cert.WriteFiles();
            using var openssl = Process.Start(new ProcessStartInfo("openssl")
            {
                ArgumentList = { "verify", "-x509_strict", "-CAfile", files.TrustAnchorPath, files.CertificatePath },
                RedirectStandardOutput = true,
            })!;
            await openssl.WaitForExitAsync();
            Assert.AreEqual(0, openssl.ExitCode);
        }

        Assert.IsFalse(File.Exists(files.PrivateKeyPath)); // Dispose deleted the files
        Assert.IsFalse(File.Exists(files.CertificatePath));
    }

    [TestMethod]
    public async Task Files_CertificateFromAnotherRoot_OpenSslRefuses()
    {
        RequireOpenSsl();
        using var cert = TemporaryCertificate.Create();
        using var other = TemporaryCertificate.Create();
        using var openssl = Process.Start(new ProcessStartInfo("openssl")
        {
            ArgumentList = { "verify", "-x509_strict", "-CAfile", other.WriteFiles().TrustAnchorPath, cert.WriteFiles().CertificatePath },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var output = await openssl.StandardOutput.ReadToEndAsync() + await openssl.StandardError.ReadToEndAsync();
        await openssl.WaitForExitAsync();

        Assert.AreNotEqual(0, openssl.ExitCode, output);
    }

    private static void RequireOpenSsl()
    {
        if (!(Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':').Any(d => File.Exists(Path.Combine(d, "openssl"))))
        {
            Assert.Inconclusive("openssl is not on PATH; install it (Debian: apt-get install openssl). .ci/run installs it.");
        }
    }

    // openssl s_client with only the given environment's trust: it verifies the server (name included), sends a line, prints the answer.
    private static async Task<(int ExitCode, string Output)> OpenSslClientAsync(int port, IReadOnlyDictionary<string, string> environment)
    {
        var start = new ProcessStartInfo("openssl")
        {
            ArgumentList = { "s_client", "-connect", $"127.0.0.1:{port}", "-servername", "localhost", "-verify_hostname", "localhost", "-verify_return_error", "-quiet" },
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var openssl = Process.Start(start)!;
        await openssl.StandardInput.WriteAsync("hello\n");
        openssl.StandardInput.Close();
        var output = openssl.StandardOutput.ReadToEndAsync();
        var error = openssl.StandardError.ReadToEndAsync();
        await openssl.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        return (openssl.ExitCode, await output + await error);
    }
}

/// <summary>
/// The READMEs and <c>docs/</c> hold together: every relative link names a file (and a heading) that exists, the user pages
/// link nowhere outside the repository, the package README (shown on NuGet, where relative links break) links only to the
/// repository on GitHub, and code blocks use the info strings the consumer projects know.
/// </summary>
[TestClass]
public sealed partial class DocsLinkTests
{
    private const string GitHubBlob = "https://github.com/certkit/certkit/blob/main/";

    private static readonly string Root = FindRepositoryRoot();

    private static readonly string PackageReadme = Path.Combine(Root, "docs", "nuget", "README.md");

    public static IEnumerable<object[]> RepositoryPages =>
        new[] { "README.md", "CHANGELOG.md", Path.Combine("samples", "README.md") }
            .Concat(Directory.EnumerateFiles(Path.Combine(Root, "docs"), "*.md", SearchOption.AllDirectories).Select(path => Path.GetRelativePath(Root, path)))
            .Where(page => File.Exists(Path.Combine(Root, page)) && Path.Combine(Root, page) != PackageReadme)
            .Order(StringComparer.Ordinal)
            .Select(page => new object[] { page.Replace('\\', '/') });

    [TestMethod]
    [DynamicData(nameof(RepositoryPages))]
    public void RelativeLinks_InRepositoryPage_ResolveToFilesAndHeadings(string page)
    {
        var path = Path.Combine(Root, page);
        var broken = Links(File.ReadAllText(path))
            .Where(link => !link.Contains("://", StringComparison.Ordinal) && !link.StartsWith("mailto:", StringComparison.Ordinal))
            .Select(link => (link, Problem: Resolve(path, Path.GetDirectoryName(path)!, link)))
            .Where(l => l.Problem is not null)
            .Select(l => $"{l.link}: {l.Problem}")
            .ToList();

        Assert.IsEmpty(broken, $"{page}: {string.Join("; ", broken)}");
    }

    [TestMethod]
    public void UserPages_LinkNowhereOutsideTheRepository()
    {
        var outside = Directory.EnumerateFiles(Path.Combine(Root, "docs"), "*.md", SearchOption.AllDirectories)
            .Where(path => path != PackageReadme)
            .SelectMany(path => Links(File.ReadAllText(path)).Where(link => link.Contains("://", StringComparison.Ordinal)).Select(link => $"{Path.GetFileName(path)}: {link}"))
            .ToList();

        Assert.IsEmpty(outside, string.Join("; ", outside));
    }

    [TestMethod]
    public void PackageReadme_Links_AreAbsoluteGitHubLinksToFilesAndHeadingsThatExist()
    {
        var links = Links(File.ReadAllText(PackageReadme)).ToList();
        var broken = links
            .Select(link => link.StartsWith(GitHubBlob, StringComparison.Ordinal)
                ? (link, Problem: Resolve(PackageReadme, Root, link[GitHubBlob.Length..]))
                : (link, Problem: $"not under {GitHubBlob}: NuGet shows this page outside the repository"))
            .Where(l => l.Problem is not null)
            .Select(l => $"{l.link}: {l.Problem}")
            .ToList();

        Assert.IsGreaterThanOrEqualTo(10, links.Count, "the package README links to the documentation");
        Assert.IsEmpty(broken, string.Join("; ", broken));
    }

    [TestMethod]
    public void CodeBlocks_UseOnlyTheInfoStringsTheConsumerProjectsKnow()
    {
        string[] csharp = ["csharp", "csharp xunit", "csharp nunit", "csharp xunitv3", "csharp tunit", "csharp recipe"];
        var pages = new[] { Path.Combine(Root, "README.md"), Path.Combine(Root, "CHANGELOG.md") }
            .Concat(Directory.EnumerateFiles(Path.Combine(Root, "docs"), "*.md", SearchOption.AllDirectories));
        var wrong = new List<string>();
        var blocks = 0;
        foreach (var page in pages.Where(File.Exists))
        {
            var userPage = page.StartsWith(Path.Combine(Root, "docs"), StringComparison.Ordinal);
            foreach (Match fence in FencePattern().Matches(File.ReadAllText(page)))
            {
                var info = fence.Groups["info"].Value.Trim();
                var isCSharp = CSharpInfoPattern().IsMatch(info);
                blocks += userPage && csharp.Contains(info) ? 1 : 0;
                if (isCSharp && (!userPage || !csharp.Contains(info)))
                {
                    wrong.Add($"{Path.GetRelativePath(Root, page)}: ```{info}");
                }
            }
        }

        Assert.IsEmpty(wrong, "C# blocks belong in docs/ only, marked csharp, csharp xunit, csharp nunit, csharp xunitv3, csharp tunit or csharp recipe: " + string.Join("; ", wrong));
        Assert.IsGreaterThanOrEqualTo(20, blocks, "docs/ shows its C# as complete test files");
    }

    /// <summary>Why <paramref name="link"/> on <paramref name="page"/>, relative to <paramref name="directory"/>, does not resolve; null when it does.</summary>
    private static string? Resolve(string page, string directory, string link)
    {
        var hash = link.IndexOf('#', StringComparison.Ordinal);
        var target = hash < 0 ? link : link[..hash];
        var anchor = hash < 0 ? null : link[(hash + 1)..];
        var file = target.Length == 0 ? page : Path.GetFullPath(Path.Combine(directory, Uri.UnescapeDataString(target)));
        if (!file.StartsWith(Root, StringComparison.Ordinal))
        {
            return "outside the repository";
        }

        if (!File.Exists(file) && !Directory.Exists(file))
        {
            return "no such file";
        }

        return anchor is null || Headings(File.ReadAllText(file)).Contains(anchor) ? null : $"no heading #{anchor}";
    }

    /// <summary>Link targets outside code blocks and inline code.</summary>
    private static IEnumerable<string> Links(string markdown) =>
        LinkPattern().Matches(WithoutCode(markdown)).Select(m => m.Groups["target"].Value);

    /// <summary>The anchors GitHub makes for a page's headings: lower case, punctuation dropped, spaces as hyphens, -1 for a repeat.</summary>
    private static HashSet<string> Headings(string markdown)
    {
        var anchors = new HashSet<string>(StringComparer.Ordinal);
        foreach (Match heading in HeadingPattern().Matches(FencePattern().Replace(markdown, string.Empty)))
        {
            var slug = new string(heading.Groups["text"].Value.Trim().ToLowerInvariant()
                .Where(c => char.IsLetterOrDigit(c) || c is ' ' or '-' or '_').ToArray()).Replace(' ', '-');
            var anchor = slug;
            for (var n = 1; !anchors.Add(anchor); n++)
            {
                anchor = $"{slug}-{n}";
            }
        }

        return anchors;
    }

    private static string WithoutCode(string markdown) => InlineCodePattern().Replace(FencePattern().Replace(markdown, string.Empty), "code");

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "CertKit.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"CertKit.sln not found above {AppContext.BaseDirectory}");
    }

    [GeneratedRegex(@"^```(?<info>[^\n`]*)\n.*?^```[ \t]*$", RegexOptions.Singleline | RegexOptions.Multiline)]
    private static partial Regex FencePattern();

    [GeneratedRegex(@"^(cs|c#|csharp)\b", RegexOptions.IgnoreCase)]
    private static partial Regex CSharpInfoPattern();

    [GeneratedRegex(@"`[^`\n]*`")]
    private static partial Regex InlineCodePattern();

    [GeneratedRegex(@"\]\((?<target>[^)\s]+)\)")]
    private static partial Regex LinkPattern();

    [GeneratedRegex(@"^#{1,6}[ \t]+(?<text>.+?)[ \t]*#*[ \t]*$", RegexOptions.Multiline)]
    private static partial Regex HeadingPattern();
}
