using System.Diagnostics;
using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Time.Testing;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace CertKit.Samples.Tests;

/// <summary>
/// The code in README.md lives here, where it is compiled and run. Each README block marked
/// <c>&lt;!-- snippet: NAME --&gt;</c> must equal the <c>#region NAME</c> below, so the docs cannot rot.
/// </summary>
[TestClass]
public sealed partial class ReadmeTests
{
    [TestMethod]
    public async Task QuickStart_AsInReadme_HandshakesWithTrustOnlyInTheTestCa()
    {
        var (serverStream, clientStream) = await LoopbackTls.ConnectedPairAsync();
        await using (serverStream)
        await using (clientStream)
        {
            #region quick-start
            using var ca = TestCertificateAuthority.Create();
            using var cert = ca.IssueServerCertificate("localhost");
            var serverSide = serverStream.AuthenticateAsServerAsync(ca.Trust.CreateServerOptions(cert));
            await clientStream.AuthenticateAsClientAsync(ca.Trust.CreateClientOptions("localhost"));
            await serverSide;
            #endregion

            Assert.IsTrue(clientStream.IsAuthenticated);
            Assert.AreEqual(cert.Certificate.Thumbprint, ((X509Certificate2)clientStream.RemoteCertificate!).Thumbprint);
        }
    }

    [TestMethod]
    public async Task QuickStart_ClientTrustsAnotherCa_Refused()
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
    public async Task SeedPattern_AsInReadme_GetsHelloAndStrangerIsRefused()
    {
        #region seed
        using var cert = TemporaryCertificate.Create(); // self-signed for localhost, 127.0.0.1, ::1
        await using var mock = await MockDataServer.StartAsync(cert); // serves cert.Trust.CreateServerOptions(cert)
        var fetcher = new DataFetcher("localhost", mock.Port, cert.Trust.CreateClientOptions("localhost")); // trusts cert and nothing else
        Assert.AreEqual("HELLO", await fetcher.GetTheDataAsync("hello"));

        using var other = TemporaryCertificate.Create();
        var stranger = new DataFetcher("localhost", mock.Port, other.Trust.CreateClientOptions("localhost"));
        await Assert.ThrowsExactlyAsync<AuthenticationException>(() => stranger.GetTheDataAsync("hello"));
        #endregion
    }

    [TestMethod]
    public async Task Chain_AsInReadme_GetsHello()
    {
        #region chain
        using var root = TestCertificateAuthority.Create();
        var intermediate = root.CreateIntermediate(); // disposed with root
        using var leaf = intermediate.IssueServerCertificate("localhost");
        await using var server = await MockDataServer.StartAsync(leaf); // sends leaf + intermediate
        var client = new DataFetcher("localhost", server.Port, root.Trust.CreateClientOptions("localhost")); // leaf.Trust is the same root
        Assert.AreEqual("HELLO", await client.GetTheDataAsync("hello"));
        #endregion
    }

    [TestMethod]
    public async Task MutualTls_AsInReadme_GetsHelloAndStrangerIsRefused()
    {
        #region mtls
        using var ca = TestCertificateAuthority.Create();
        using var serverCert = ca.IssueServerCertificate("localhost");
        using var alice = ca.IssueClientCertificate("alice", "alice@example.test");
        await using var server = await MockDataServer.StartAsync(ca.Trust.CreateServerOptions(serverCert, ClientCertificateRequirement.Required));
        var withCert = new DataFetcher("localhost", server.Port, ca.Trust.CreateClientOptions("localhost", alice));
        var without = new DataFetcher("localhost", server.Port, ca.Trust.CreateClientOptions("localhost"));
        Assert.AreEqual("HELLO", await withCert.GetTheDataAsync("hello"));
        await Assert.ThrowsAsync<IOException>(() => without.GetTheDataAsync("hello")); // refused by the server
        #endregion
    }

    [TestMethod]
    public async Task Trust_AsInReadme_EveryWiringAcceptsTheAuthorityAndRefusesAStranger()
    {
        #region trust
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
        #endregion

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
    public async Task BringYourOwnCa_AsInReadme_IssuesWhatTheSameRootTrusts()
    {
        using var yours = TestCertificateAuthority.Create(); // stands in for a CA kept on disk
        var caPem = yours.Certificate.CertificatePem;
        var caKeyPem = yours.Certificate.PrivateKeyPem;
        var caPfx = yours.Certificate.ExportPfx("pfx password");

        #region bring-your-own-ca
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
        #endregion

        StringAssert.Contains(mismatch.Message, yours.Certificate.Certificate.Subject);
        var stranger = new DataFetcher("localhost", server.Port, someoneElses.Trust.CreateClientOptions("localhost"));
        await Assert.ThrowsExactlyAsync<AuthenticationException>(() => stranger.GetTheDataAsync("hello"));
        Assert.AreEqual(yours.Certificate.Certificate.Thumbprint, serverCert.TrustAnchor.Thumbprint);
    }

    [TestMethod]
    public async Task Revocation_AsInReadme_RevokedLeafRefused()
    {
        #region revocation
        await using var responder = await RevocationResponder.StartAsync(); // CRL and OCSP on 127.0.0.1
        using var ca = TestCertificateAuthority.Create(new CertificateOptions { RevocationResponder = responder });
        using var good = ca.IssueServerCertificate("localhost");
        using var revoked = ca.IssueServerCertificate("localhost");
        ca.Revoke(revoked, X509RevocationReason.KeyCompromise); // before any client has looked: see "Caching" below

        await using var goodServer = await MockDataServer.StartAsync(good);
        await using var revokedServer = await MockDataServer.StartAsync(revoked);
        var trustsCa = ca.Trust.CreateClientOptions("localhost"); // custom root trust, revocation checked online
        Assert.AreEqual("HELLO", await new DataFetcher("localhost", goodServer.Port, trustsCa).GetTheDataAsync("hello"));
        var refused = await Assert.ThrowsExactlyAsync<AuthenticationException>(
            () => new DataFetcher("localhost", revokedServer.Port, ca.Trust.CreateClientOptions("localhost")).GetTheDataAsync("hello"));
        StringAssert.Contains(refused.Message, "Revoked");
        Assert.IsGreaterThan(0, responder.CrlRequests + responder.OcspRequests); // the client really asked
        #endregion
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
    public void Options_AsInReadme_MakeThatCertificate()
    {
        #region options
        var options = new CertificateOptions
        {
            SubjectAlternativeNames = { "api.test", "*.api.test", "10.1.2.3", "fd00::1" },
            Purpose = CertificatePurpose.ServerAndClient, // Server when unset; Client for mutual TLS
            KeyAlgorithm = KeyAlgorithm.Rsa2048,
            NotAfter = DateTimeOffset.UtcNow.AddHours(1), // NotBefore: 5 minutes ago when unset
        };
        using var cert = TemporaryCertificate.Create(options);
        #endregion

        Assert.AreEqual("CN=api.test, O=CertKit", cert.Certificate.Subject);
        Assert.IsLessThan(TimeSpan.FromMinutes(1), (cert.Certificate.NotAfter.ToUniversalTime() - DateTime.UtcNow.AddHours(1)).Duration());
        Assert.IsNotNull(cert.Certificate.GetRSAPrivateKey());
        var usages = cert.Certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>().Single().EnhancedKeyUsages.Cast<System.Security.Cryptography.Oid>()
            .Select(o => o.Value).ToArray();
        CollectionAssert.AreEquivalent(new[] { "1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2" }, usages); // serverAuth, clientAuth
    }

    [TestMethod]
    public async Task Expired_AsInReadme_IsRefusedAndAFreshLeafIsNot()
    {
        #region expired
        var lastMonth = new FakeTimeProvider(DateTimeOffset.UtcNow.AddDays(-30));
        using var expired = TemporaryCertificate.Create(new CertificateOptions { TimeProvider = lastMonth }); // 7 days from then

        // Issued by an authority: the authority must start first (a NotBefore earlier than the authority's throws)
        var now = DateTimeOffset.UtcNow;
        using var ca = TestCertificateAuthority.Create(new CertificateOptions { NotBefore = now.AddDays(-30), NotAfter = now.AddDays(30) });
        using var expiredLeaf = ca.Issue(new CertificateOptions { NotBefore = now.AddDays(-30), NotAfter = now.AddDays(-1) });
        #endregion

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
    public async Task Files_AsInReadme_AreReadableThenGone()
    {
        RequireOpenSsl();

        #region files
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

        Assert.IsFalse(Directory.Exists(files.Directory)); // Dispose deleted the files and their directory
        #endregion
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

    [TestMethod]
    public void Readme_EverySnippet_MatchesCompiledRegion()
    {
        var root = FindRepositoryRoot();
        var readme = File.ReadAllText(Path.Combine(root, "README.md"));
        var source = string.Join('\n', new[] { "samples", "tests" }
            .SelectMany(folder => Directory.EnumerateFiles(Path.Combine(root, folder), "*.cs", SearchOption.AllDirectories))
            .Where(path => !path.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(File.ReadAllText));

        var snippets = SnippetPattern().Matches(readme);
        Assert.IsGreaterThanOrEqualTo(10, snippets.Count, "README.md should show the compiled snippets");
        foreach (Match snippet in snippets)
        {
            var name = snippet.Groups["name"].Value;
            var region = Regex.Match(source, $@"#region {Regex.Escape(name)}\r?\n(?<body>.*?)\r?\n\s*#endregion", RegexOptions.Singleline);
            Assert.IsTrue(region.Success, $"README snippet '{name}' has no #region {name} in the tests or samples");
            Assert.AreEqual(Normalize(region.Groups["body"].Value), Normalize(snippet.Groups["body"].Value), $"README snippet '{name}' differs from its compiled region");
        }
    }

    private static string Normalize(string code)
    {
        var lines = code.Replace("\r", string.Empty, StringComparison.Ordinal).Split('\n');
        var indent = lines.Where(l => l.Trim().Length > 0).Min(l => l.Length - l.TrimStart().Length);
        return string.Join('\n', lines.Select(l => l.Length >= indent ? l[indent..] : l.Trim())).Trim();
    }

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

    [GeneratedRegex(@"<!-- snippet: (?<name>[\w-]+) -->\s*```csharp\r?\n(?<body>.*?)```", RegexOptions.Singleline)]
    private static partial Regex SnippetPattern();
}
