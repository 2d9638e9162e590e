using System.Net.Security;
using CertKit.Tests.Support;

namespace CertKit.Tests.Authority;

[TestClass]
public sealed class BrokenCertificateCaseTests
{
    /// <summary>
    /// What .NET 10's <see cref="SslStream"/> on Linux was measured to report for each case, on the side that validates (the
    /// client, or the server for a client-certificate case). The catalogue promises no platform behaviour; this table is
    /// where the measurement lives, and the documentation repeats it.
    /// </summary>
    private static readonly Dictionary<string, (SslPolicyErrors Errors, X509ChainStatusFlags Chain)> DotNetOnLinux = new()
    {
        ["expired"] = (SslPolicyErrors.RemoteCertificateChainErrors, X509ChainStatusFlags.NotTimeValid),
        ["not-yet-valid"] = (SslPolicyErrors.RemoteCertificateChainErrors, X509ChainStatusFlags.NotTimeValid),
        ["wrong-host"] = (SslPolicyErrors.RemoteCertificateNameMismatch, X509ChainStatusFlags.NoError),
        ["untrusted-issuer"] = (SslPolicyErrors.RemoteCertificateChainErrors, X509ChainStatusFlags.PartialChain),
        ["untrusted-issuer-same-name"] = (SslPolicyErrors.RemoteCertificateChainErrors, X509ChainStatusFlags.PartialChain),
        ["self-signed"] = (SslPolicyErrors.RemoteCertificateChainErrors, X509ChainStatusFlags.UntrustedRoot),
        ["missing-server-auth"] = (SslPolicyErrors.RemoteCertificateChainErrors, X509ChainStatusFlags.NotValidForUsage),
        // .NET checks neither the leaf's basic constraints nor its extended key usage's absence: it accepts an authority as a leaf.
        ["ca-as-leaf"] = (SslPolicyErrors.None, X509ChainStatusFlags.NoError),
        ["unknown-critical-extension"] = (SslPolicyErrors.RemoteCertificateChainErrors, X509ChainStatusFlags.HasNotSupportedCriticalExtension),
        ["intermediate-without-ca-rights"] = (SslPolicyErrors.RemoteCertificateChainErrors, X509ChainStatusFlags.InvalidBasicConstraints),
        ["missing-intermediate"] = (SslPolicyErrors.RemoteCertificateChainErrors, X509ChainStatusFlags.PartialChain),
        ["name-constraint-violation"] = (SslPolicyErrors.RemoteCertificateChainErrors, X509ChainStatusFlags.HasNotPermittedNameConstraint),
        ["path-length-violation"] = (SslPolicyErrors.RemoteCertificateChainErrors, X509ChainStatusFlags.InvalidBasicConstraints),
        ["client-certificate-from-another-ca"] = (SslPolicyErrors.RemoteCertificateChainErrors, X509ChainStatusFlags.PartialChain),
        ["missing-client-certificate"] = (SslPolicyErrors.RemoteCertificateNotAvailable, X509ChainStatusFlags.NoError),
        ["revoked"] = (SslPolicyErrors.RemoteCertificateChainErrors, X509ChainStatusFlags.Revoked),
        // A .NET server on Linux cannot present these two (OpenSSL's security level 2); served by openssl s_server, the
        // .NET client accepts both: its chain check sets no minimum key size and allows SHA-1.
        ["weak-rsa-1024"] = (SslPolicyErrors.None, X509ChainStatusFlags.NoError),
        ["sha1-signature"] = (SslPolicyErrors.None, X509ChainStatusFlags.NoError),
    };

    private static readonly string[] NotServableByDotNetOnLinux = ["weak-rsa-1024", "sha1-signature"];

    /// <summary>What <c>openssl verify -x509_strict -auth_level 2</c> says about each case: a verifier that shares no code with .NET.</summary>
    private static readonly Dictionary<string, string> OpenSslVerdicts = new()
    {
        ["expired"] = "certificate has expired",
        ["not-yet-valid"] = "certificate is not yet valid",
        ["wrong-host"] = "hostname mismatch",
        ["untrusted-issuer"] = "unable to get local issuer certificate",
        ["untrusted-issuer-same-name"] = "unable to get local issuer certificate",
        ["self-signed"] = "self-signed certificate",
        ["missing-server-auth"] = "unsuitable certificate purpose",
        ["ca-as-leaf"] = "unsuitable certificate purpose",
        ["unknown-critical-extension"] = "unhandled critical extension",
        ["intermediate-without-ca-rights"] = "invalid CA certificate",
        ["missing-intermediate"] = "unable to get local issuer certificate",
        ["name-constraint-violation"] = "permitted subtree violation",
        ["path-length-violation"] = "path length constraint exceeded",
        ["client-certificate-from-another-ca"] = "unable to get local issuer certificate",
        ["revoked"] = "certificate revoked",
        ["weak-rsa-1024"] = "EE certificate key too weak",
        ["sha1-signature"] = "CA signature digest algorithm too weak",
    };

    public static IEnumerable<object[]> Cases => BrokenCertificateCase.All.Select(c => new object[] { c });

    public static IEnumerable<object[]> ServableCases =>
        BrokenCertificateCase.All.Where(c => !NotServableByDotNetOnLinux.Contains(c.Name)).Select(c => new object[] { c });

    public static IEnumerable<object[]> NotServableCases =>
        BrokenCertificateCase.All.Where(c => NotServableByDotNetOnLinux.Contains(c.Name)).Select(c => new object[] { c });

    // A certificate that was merely not sent is itself fine: there is nothing for openssl verify to refuse.
    public static IEnumerable<object[]> VerifiableCases =>
        BrokenCertificateCase.All.Where(c => c != BrokenCertificateCase.MissingClientCertificate).Select(c => new object[] { c });

    [TestMethod]
    public void All_Cases_HaveUniqueNamesDescriptionsAndMeasuredOutcomes()
    {
        Assert.HasCount(18, BrokenCertificateCase.All);
        Assert.HasCount(BrokenCertificateCase.All.Count, BrokenCertificateCase.All.Select(c => c.Name).Distinct());
        Assert.IsTrue(BrokenCertificateCase.All.All(c => c.Description.Length > 40 && c.ToString() == c.Name));
        CollectionAssert.AreEquivalent(DotNetOnLinux.Keys.ToArray(), BrokenCertificateCase.All.Select(c => c.Name).ToArray());
        CollectionAssert.AreEquivalent(
            OpenSslVerdicts.Keys.ToArray(), BrokenCertificateCase.All.Where(c => c != BrokenCertificateCase.MissingClientCertificate).Select(c => c.Name).ToArray());
        CollectionAssert.AreEquivalent(
            new[] { "client-certificate-from-another-ca", "missing-client-certificate" },
            BrokenCertificateCase.All.Where(c => c.IsClientCertificate).Select(c => c.Name).ToArray());
    }

    [TestMethod]
    [DynamicData(nameof(NotServableCases))]
    public async Task Handshake_WeakCertificateServedByOpenSsl_DotNetClientOutcomeAsMeasured(BrokenCertificateCase brokenCase)
    {
        using var ca = TestCertificateAuthority.Create();
        using var broken = brokenCase.CreateFor(ca);
        using var server = await OpenSslServer.StartAsync(broken.Certificate);
        var errors = SslPolicyErrors.None;
        var chainStatus = X509ChainStatusFlags.NoError;
        var options = broken.CreateClientOptions();
        Assert.IsNull(options.RemoteCertificateValidationCallback, "CertKit's client options must not carry a callback");
        options.RemoteCertificateValidationCallback = (_, _, chain, policyErrors) =>
        {
            errors = policyErrors;
            chainStatus = (chain?.ChainStatus ?? []).Aggregate(X509ChainStatusFlags.NoError, (all, s) => all | s.Status);
            return policyErrors == SslPolicyErrors.None;
        };
        using var client = new System.Net.Sockets.TcpClient();
        await client.ConnectAsync(System.Net.IPAddress.Loopback, server.Port);
        await using var ssl = new SslStream(client.GetStream());

        await ssl.AuthenticateAsClientAsync(options);

        Assert.AreEqual(DotNetOnLinux[brokenCase.Name], (errors, chainStatus));
    }

    [TestMethod]
    [DynamicData(nameof(NotServableCases))]
    public async Task Handshake_WeakCertificateServedBySslStream_ServerCannotLoadIt(BrokenCertificateCase brokenCase)
    {
        using var ca = TestCertificateAuthority.Create();
        using var broken = brokenCase.CreateFor(ca);

        var (_, server) = await TlsPair.RunAsync(broken.CreateServerOptions(), broken.CreateClientOptions());

        Assert.IsFalse(server.Succeeded);
        Assert.IsInstanceOfType<System.Security.Authentication.AuthenticationException>(server.Error);
    }

    [TestMethod]
    [DynamicData(nameof(ServableCases))]
    public async Task Handshake_BrokenCase_HasMeasuredOutcomeAndGoodControlSucceeds(BrokenCertificateCase brokenCase)
    {
        using var ca = TestCertificateAuthority.Create();
        using var broken = brokenCase.CreateFor(ca);
        using var goodServer = ca.IssueServerCertificate("localhost");
        using var goodClient = ca.IssueClientCertificate("alice");

        var (client, server) = await TlsPair.RunAsync(broken.CreateServerOptions(), broken.CreateClientOptions());
        var (controlClient, controlServer) = brokenCase.IsClientCertificate
            ? await TlsPair.RunAsync(broken.CreateServerOptions(), ca.Trust.CreateClientOptions(broken.TargetHost, goodClient))
            : await TlsPair.RunAsync(ca.Trust.CreateServerOptions(goodServer), ca.Trust.CreateClientOptions(broken.TargetHost));

        var validator = brokenCase.IsClientCertificate ? server : client;
        var expected = DotNetOnLinux[brokenCase.Name];
        Assert.AreEqual(expected.Errors == SslPolicyErrors.None, validator.Succeeded, validator.ToString());
        Assert.AreEqual(expected.Errors, validator.PolicyErrors, validator.ToString());
        Assert.AreEqual(expected.Chain, validator.ChainStatus, validator.ToString());
        Assert.IsTrue(controlClient.Succeeded && controlServer.Succeeded, $"control: client {controlClient}; server {controlServer}");
    }

    [TestMethod]
    [DynamicData(nameof(VerifiableCases))]
    public async Task OpenSslVerify_BrokenCase_RefusedForTheSameReason(BrokenCertificateCase brokenCase)
    {
        using var ca = TestCertificateAuthority.Create();
        using var broken = brokenCase.CreateFor(ca);
        var files = broken.Certificate.WriteFiles();
        var trusted = broken.Trust.CreateEnvironmentVariables()["SSL_CERT_FILE"];
        var purpose = brokenCase.IsClientCertificate ? "sslclient" : "sslserver";
        List<string> arguments = ["verify", "-x509_strict", "-auth_level", "2", "-purpose", purpose, "-CAfile", trusted];
        if (!brokenCase.IsClientCertificate)
        {
            arguments.AddRange(["-verify_hostname", broken.TargetHost]);
        }

        if (brokenCase == BrokenCertificateCase.Revoked)
        {
            // The CRL comes from the distribution point the certificate names: the case's own responder on 127.0.0.1.
            arguments.AddRange(["-crl_check", "-crl_download"]);
        }

        if (brokenCase != BrokenCertificateCase.MissingIntermediate)
        {
            arguments.AddRange(["-untrusted", files.ChainPath]);
        }

        arguments.Add(files.CertificatePath);

        var result = await OpenSsl.RunAsync(arguments);

        Assert.AreNotEqual(0, result.ExitCode, result.Output);
        StringAssert.Contains(result.Output, OpenSslVerdicts[brokenCase.Name]);
    }

    [TestMethod]
    public async Task Revoked_ClientTrustingTheGivenAuthority_IsNotTheCorrectPeer()
    {
        // The revoked certificate comes from the case's own authority: a client that trusts the given one refuses it for
        // another reason (unknown issuer), so Trust is what a test must wire its client with.
        using var ca = TestCertificateAuthority.Create();
        using var broken = BrokenCertificateCase.Revoked.CreateFor(ca);

        var (client, _) = await TlsPair.RunAsync(broken.CreateServerOptions(), ca.Trust.CreateClientOptions(broken.TargetHost));

        Assert.AreEqual(X509ChainStatusFlags.PartialChain, client.ChainStatus & X509ChainStatusFlags.PartialChain, client.ToString());
    }

    [TestMethod]
    public void Expired_AuthorityStartedJustNow_ThrowsSayingWhy()
    {
        using var ca = TestCertificateAuthority.Create(new CertificateOptions { NotBefore = DateTimeOffset.UtcNow });

        var e = Assert.ThrowsExactly<InvalidOperationException>(() => BrokenCertificateCase.Expired.CreateFor(ca));

        StringAssert.Contains(e.Message, "too recently");
    }

    [TestMethod]
    public void CreateFor_NullAuthority_ThrowsArgumentNullException()
    {
        Assert.ThrowsExactly<ArgumentNullException>(() => BrokenCertificateCase.Expired.CreateFor(null!));
    }

    [TestMethod]
    public void Dispose_OnlyTheAuthority_DisposesEveryBrokenCertificateMadeForIt()
    {
        var ca = TestCertificateAuthority.Create();
        var made = BrokenCertificateCase.All.Select(c => c.CreateFor(ca)).ToList();
        var files = made.SelectMany(b => WrittenFiles.Paths(b.Certificate.WriteFiles())).ToList();

        ca.Dispose();

        Assert.IsFalse(files.Any(File.Exists), string.Join(", ", files.Where(File.Exists)));
    }

    [TestMethod]
    public void Dispose_BrokenCertificate_LeavesNothingBehind()
    {
        using var ca = TestCertificateAuthority.Create();
        var files = new List<string>();
        foreach (var brokenCase in BrokenCertificateCase.All)
        {
            var broken = brokenCase.CreateFor(ca);
            files.AddRange(WrittenFiles.Paths(broken.Certificate.WriteFiles()));
            broken.Dispose();
            Assert.ThrowsExactly<ObjectDisposedException>(() => broken.Certificate.Certificate, brokenCase.Name);
        }

        Assert.IsFalse(files.Any(File.Exists), string.Join(", ", files.Where(File.Exists)));
    }
}
