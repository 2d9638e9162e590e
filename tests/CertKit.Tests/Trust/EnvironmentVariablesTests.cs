using CertKit.Tests.Support;

namespace CertKit.Tests.Trust;

[TestClass]
public sealed class EnvironmentVariablesTests
{
    [TestMethod]
    public void CreateEnvironmentVariables_Always_PointEveryVariableAtTheRootFile()
    {
        using var ca = TestCertificateAuthority.Create();

        var variables = ca.Trust.CreateEnvironmentVariables();
        var writtenByTheCall = File.Exists(variables["SSL_CERT_FILE"]);

        CollectionAssert.AreEquivalent(
            new[] { "SSL_CERT_FILE", "REQUESTS_CA_BUNDLE", "NODE_EXTRA_CA_CERTS", "CURL_CA_BUNDLE" },
            variables.Keys.ToArray());
        Assert.IsTrue(writtenByTheCall, "CreateEnvironmentVariables writes the trust-anchor file itself, before any WriteFiles");
        Assert.IsTrue(variables.Values.All(path => path == ca.Certificate.WriteFiles().TrustAnchorPath));
        Assert.AreEqual(ca.Certificate.CertificatePem, File.ReadAllText(ca.Certificate.WriteFiles().TrustAnchorPath));
    }

    [TestMethod]
    public void CreateEnvironmentVariables_FromIssuedLeafTrust_PointAtAFileHoldingTheRoot()
    {
        using var ca = TestCertificateAuthority.Create();
        using var leaf = ca.CreateIntermediate().IssueServerCertificate();

        var variables = leaf.Trust.CreateEnvironmentVariables();

        Assert.AreEqual(leaf.WriteFiles().TrustAnchorPath, variables["SSL_CERT_FILE"]);
        Assert.AreEqual(ca.Certificate.CertificatePem, File.ReadAllText(variables["SSL_CERT_FILE"]), "the root, not the leaf or its intermediate");
    }

    [TestMethod]
    public async Task CreateEnvironmentVariables_ChildOpenSslClient_TrustsTheCaAndNotAnother()
    {
        using var ca = TestCertificateAuthority.Create();
        using var stranger = TestCertificateAuthority.Create();
        var intermediate = ca.CreateIntermediate();
        using var leaf = intermediate.IssueServerCertificate("localhost");

        var trusted = await SClientWithEnvironmentAsync(leaf, ca.Trust.CreateEnvironmentVariables());
        var untrusted = await SClientWithEnvironmentAsync(leaf, stranger.Trust.CreateEnvironmentVariables());

        Assert.AreEqual(0, trusted.ExitCode, trusted.Output);
        StringAssert.Contains(trusted.StandardOutput, "Verify return code: 0 (ok)");
        Assert.AreNotEqual(0, untrusted.ExitCode, untrusted.Output);
        StringAssert.Contains(untrusted.Output, "unable to get local issuer certificate");
    }

    /// <summary>openssl s_client with no -CAfile: it trusts what SSL_CERT_FILE names, as any OpenSSL-based program does.</summary>
    private static async Task<ProcessResult> SClientWithEnvironmentAsync(TemporaryCertificate serverCertificate, IReadOnlyDictionary<string, string> environment)
    {
        using var server = new ServeOnce(serverCertificate.Trust.CreateServerOptions(serverCertificate));
        var result = await OpenSsl.RunAsync(
            ["s_client", "-connect", $"127.0.0.1:{server.Port}", "-servername", "localhost",
             "-verify_hostname", "localhost", "-verify_return_error", "-ign_eof"],
            standardInput: "hi\n",
            environment: environment);
        await server.Answered;
        return result;
    }
}
