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
            var serverSide = serverStream.AuthenticateAsServerAsync(cert.CreateServerOptions());
            await clientStream.AuthenticateAsClientAsync(ca.CreateClientOptions("localhost"));
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
            var serverSide = serverStream.AuthenticateAsServerAsync(cert.CreateServerOptions());

            await Assert.ThrowsExactlyAsync<System.Security.Authentication.AuthenticationException>(
                () => clientStream.AuthenticateAsClientAsync(stranger.CreateClientOptions("localhost")));
            await Task.WhenAny(serverSide); // the server may or may not see the client's alert; only the client's verdict matters
            Assert.IsFalse(clientStream.IsAuthenticated);
        }
    }

    [TestMethod]
    public async Task SeedPattern_AsInReadme_GetsHello()
    {
        #region seed
        using var cert = TemporaryCertificate.Create(); // self-signed for localhost, 127.0.0.1, ::1
        await using var server = await MockDataServer.StartAsync(cert.Certificate);
        var trustOnlyCert = new X509ChainPolicy { TrustMode = X509ChainTrustMode.CustomRootTrust, CustomTrustStore = { cert.Certificate } };
        var client = new DataFetcher("localhost", server.Port, new SslClientAuthenticationOptions { CertificateChainPolicy = trustOnlyCert });
        Assert.AreEqual("HELLO", await client.GetTheDataAsync("hello"));
        #endregion
    }

    [TestMethod]
    public async Task Chain_AsInReadme_GetsHello()
    {
        #region chain
        using var root = TestCertificateAuthority.Create();
        var intermediate = root.CreateIntermediate(); // disposed with root
        using var leaf = intermediate.IssueServerCertificate("localhost");
        await using var server = await MockDataServer.StartAsync(leaf.CreateServerOptions()); // sends leaf + intermediate
        var client = new DataFetcher("localhost", server.Port, root.CreateClientOptions("localhost"));
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
        await using var server = await MockDataServer.StartAsync(ca.CreateServerOptions(serverCert)); // requires a client certificate from ca
        var withCert = new DataFetcher("localhost", server.Port, ca.CreateClientOptions("localhost", alice));
        var without = new DataFetcher("localhost", server.Port, ca.CreateClientOptions("localhost"));
        Assert.AreEqual("HELLO", await withCert.GetTheDataAsync("hello"));
        await Assert.ThrowsAsync<IOException>(() => without.GetTheDataAsync("hello")); // refused by the server
        #endregion
    }

    [TestMethod]
    public async Task Revocation_AsInReadme_RevokedLeafRefused()
    {
        #region revocation
        await using var responder = await RevocationResponder.StartAsync(); // CRL and OCSP on 127.0.0.1
        using var ca = TestCertificateAuthority.Create(new CertificateAuthorityOptions { RevocationResponder = responder });
        using var good = ca.IssueServerCertificate("localhost");
        using var revoked = ca.IssueServerCertificate("localhost");
        ca.Revoke(revoked, X509RevocationReason.KeyCompromise); // before any client has looked: see "Caching" below

        await using var goodServer = await MockDataServer.StartAsync(good.CreateServerOptions());
        await using var revokedServer = await MockDataServer.StartAsync(revoked.CreateServerOptions());
        var trustsCa = ca.CreateClientOptions("localhost"); // custom root trust, revocation checked online
        Assert.AreEqual("HELLO", await new DataFetcher("localhost", goodServer.Port, trustsCa).GetTheDataAsync("hello"));
        var refused = await Assert.ThrowsExactlyAsync<AuthenticationException>(
            () => new DataFetcher("localhost", revokedServer.Port, ca.CreateClientOptions("localhost")).GetTheDataAsync("hello"));
        StringAssert.Contains(refused.Message, "Revoked");
        Assert.IsGreaterThan(0, responder.CrlRequests + responder.OcspRequests); // the client really asked
        #endregion
    }

    [TestMethod]
    public async Task Revocation_RevokedAfterTheFirstCheck_StillAcceptedFromCache()
    {
        await using var responder = await RevocationResponder.StartAsync();
        using var ca = TestCertificateAuthority.Create(new CertificateAuthorityOptions { RevocationResponder = responder });
        using var leaf = ca.IssueServerCertificate("localhost");
        await using var server = await MockDataServer.StartAsync(leaf.CreateServerOptions());
        Assert.AreEqual("HELLO", await new DataFetcher("localhost", server.Port, ca.CreateClientOptions("localhost")).GetTheDataAsync("hello"));
        var asked = responder.CrlRequests + responder.OcspRequests;

        ca.Revoke(leaf);
        var again = await new DataFetcher("localhost", server.Port, ca.CreateClientOptions("localhost")).GetTheDataAsync("again");

        TestContext.WriteLine($"requests before revoking: {asked}, after: {responder.CrlRequests + responder.OcspRequests}");
        Assert.AreEqual("AGAIN", again, "documented: .NET keeps the answer it already has until its NextUpdate");
    }

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public void Options_AsInReadme_MakeThatCertificate()
    {
        #region options
        var options = new TemporaryCertificateOptions
        {
            SubjectAlternativeNames = { "api.test", "*.api.test", "10.1.2.3", "fd00::1" },
            KeyAlgorithm = KeyAlgorithm.Rsa2048,
            Lifetime = TimeSpan.FromHours(1),
        };
        using var cert = TemporaryCertificate.Create(options);
        #endregion

        Assert.AreEqual("CN=api.test, O=CertKit", cert.Certificate.Subject);
        Assert.AreEqual(TimeSpan.FromHours(1), cert.Certificate.NotAfter - cert.Certificate.NotBefore);
    }

    [TestMethod]
    public async Task Expired_AsInReadme_IsRefused()
    {
        #region expired
        var lastMonth = new FakeTimeProvider(DateTimeOffset.UtcNow.AddDays(-30));
        using var expired = TemporaryCertificate.Create(new TemporaryCertificateOptions { TimeProvider = lastMonth });
        #endregion
        await using var server = await MockDataServer.StartAsync(expired.Certificate);
        var trust = new X509ChainPolicy { TrustMode = X509ChainTrustMode.CustomRootTrust, CustomTrustStore = { expired.Certificate } };
        var client = new DataFetcher("localhost", server.Port, new SslClientAuthenticationOptions { CertificateChainPolicy = trust });

        await Assert.ThrowsExactlyAsync<System.Security.Authentication.AuthenticationException>(() => client.GetTheDataAsync("hello"));
    }

    [TestMethod]
    public async Task Files_AsInReadme_AreReadableThenGone()
    {
        if (!(Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':').Any(d => File.Exists(Path.Combine(d, "openssl"))))
        {
            Assert.Inconclusive("openssl is not on PATH; install it (Debian: apt-get install openssl). .ci/run installs it.");
        }

        #region files
        string directory;
        using (var cert = TemporaryCertificate.Create())
        {
            // Code under test that wants paths gets paths: PEM certificate, PKCS#8 key, PFX + password.
            using var openssl = Process.Start(new ProcessStartInfo("openssl")
            {
                ArgumentList = { "verify", "-x509_strict", "-CAfile", cert.CertificatePemPath, cert.CertificatePemPath },
                RedirectStandardOutput = true,
            })!;
            await openssl.WaitForExitAsync();
            Assert.AreEqual(0, openssl.ExitCode);
            directory = Path.GetDirectoryName(cert.PrivateKeyPemPath)!;
        }

        Assert.IsFalse(Directory.Exists(directory)); // Dispose deleted the files and their directory
        #endregion
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
