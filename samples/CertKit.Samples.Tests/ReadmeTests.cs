using System.Diagnostics;
using System.Net.Security;
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
    public async Task QuickStart_AsInReadme_GetsHello()
    {
        #region quick-start
        using var cert = TemporaryCertificate.Create(); // localhost, 127.0.0.1, ::1
        await using var server = await MockDataServer.StartAsync(cert.Certificate);
        var trustOnlyCert = new X509ChainPolicy { TrustMode = X509ChainTrustMode.CustomRootTrust, CustomTrustStore = { cert.Certificate } };
        var client = new DataFetcher("localhost", server.Port, new SslClientAuthenticationOptions { CertificateChainPolicy = trustOnlyCert });
        Assert.AreEqual("HELLO", await client.GetTheDataAsync("hello"));
        #endregion
    }

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
        if (!File.Exists("/usr/bin/openssl"))
        {
            Assert.Inconclusive("/usr/bin/openssl is missing; install it (Debian: apt-get install openssl). .ci/run installs it.");
        }

        #region files
        string directory;
        using (var cert = TemporaryCertificate.Create())
        {
            // Code under test that wants paths gets paths: PEM certificate, PKCS#8 key, PFX + password.
            var openssl = Process.Start(new ProcessStartInfo("openssl")
            {
                ArgumentList = { "verify", "-x509_strict", "-CAfile", cert.CertificatePemPath, cert.CertificatePemPath },
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
        var source = File.ReadAllText(Path.Combine(root, "samples", "CertKit.Samples.Tests", "ReadmeTests.cs"));

        var snippets = SnippetPattern().Matches(readme);
        Assert.IsGreaterThanOrEqualTo(4, snippets.Count, "README.md should show the compiled snippets");
        foreach (Match snippet in snippets)
        {
            var name = snippet.Groups["name"].Value;
            var region = Regex.Match(source, $@"#region {Regex.Escape(name)}\r?\n(?<body>.*?)\r?\n\s*#endregion", RegexOptions.Singleline);
            Assert.IsTrue(region.Success, $"README snippet '{name}' has no #region {name} in ReadmeTests.cs");
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
