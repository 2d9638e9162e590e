using CertKit.Tests.Support;

namespace CertKit.Tests.Trust;

[TestClass]
public sealed class EnvironmentVariablesTests
{
    [TestMethod]
    public void CreateEnvironmentVariables_Always_PointEveryVariableAtTheRootFile()
    {
        using var ca = TestCertificateAuthority.Create();

        var variables = ca.CreateEnvironmentVariables();

        CollectionAssert.AreEquivalent(
            new[] { "SSL_CERT_FILE", "REQUESTS_CA_BUNDLE", "NODE_EXTRA_CA_CERTS", "CURL_CA_BUNDLE" },
            variables.Keys.ToArray());
        Assert.IsTrue(variables.Values.All(path => path == ca.Certificate.TrustAnchorPemPath));
        Assert.AreEqual(ca.Certificate.CertificatePem, File.ReadAllText(ca.Certificate.TrustAnchorPemPath));
    }

    [TestMethod]
    public async Task CreateEnvironmentVariables_ChildOpenSslClient_TrustsTheCaAndNotAnother()
    {
        using var ca = TestCertificateAuthority.Create();
        using var stranger = TestCertificateAuthority.Create();
        var intermediate = ca.CreateIntermediate();
        using var leaf = intermediate.IssueServerCertificate("localhost");

        var trusted = await SClientWithEnvironmentAsync(leaf, ca.CreateEnvironmentVariables());
        var untrusted = await SClientWithEnvironmentAsync(leaf, stranger.CreateEnvironmentVariables());

        Assert.AreEqual(0, trusted.ExitCode, trusted.Output);
        StringAssert.Contains(trusted.StandardOutput, "Verify return code: 0 (ok)");
        Assert.AreNotEqual(0, untrusted.ExitCode, untrusted.Output);
        StringAssert.Contains(untrusted.Output, "unable to get local issuer certificate");
    }

    /// <summary>openssl s_client with no -CAfile: it trusts what SSL_CERT_FILE names, as any OpenSSL-based program does.</summary>
    private static async Task<ProcessResult> SClientWithEnvironmentAsync(TemporaryCertificate serverCertificate, IReadOnlyDictionary<string, string> environment)
    {
        using var server = new ServeOnce(serverCertificate.CreateServerOptions());
        var result = await OpenSsl.RunAsync(
            ["s_client", "-connect", $"127.0.0.1:{server.Port}", "-servername", "localhost",
             "-verify_hostname", "localhost", "-verify_return_error", "-ign_eof"],
            standardInput: "hi\n",
            environment: environment);
        await server.Answered;
        return result;
    }
}
