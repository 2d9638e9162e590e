using CertKit.Tests.Support;

namespace CertKit.Tests.Revocation;

[TestClass]
public sealed class OcspStaplingTests
{
    [TestMethod]
    [DataRow(true)]
    [DataRow(false)]
    public async Task CreateServerOptions_Stapling_OpenSslClientSeesStapledAnswerOnlyWhenOn(bool staple)
    {
        await using var responder = await RevocationResponder.StartAsync();
        using var ca = TestCertificateAuthority.Create(new CertificateOptions { RevocationResponder = responder });
        using var leaf = ca.IssueServerCertificate("localhost");
        var options = ca.Trust.CreateServerOptions(leaf, stapling: staple ? OcspStapling.On : OcspStapling.Off);

        // The first answer is fetched in the background: try a bounded number of handshakes, not a timed wait.
        var stapled = false;
        for (var attempt = 0; attempt < 20 && !stapled; attempt++)
        {
            using var server = new ServeOnce(options);
            var result = await OpenSsl.RunAsync(
                ["s_client", "-connect", $"127.0.0.1:{server.Port}", "-servername", "localhost", "-status",
                 "-CAfile", ca.Certificate.WriteFiles().CertificatePath, "-verify_return_error", "-ign_eof"],
                standardInput: "hi\n");
            Assert.AreEqual(0, result.ExitCode, result.Output);
            stapled = result.StandardOutput.Contains("OCSP Response Status: successful", StringComparison.Ordinal)
                && result.StandardOutput.Contains("Cert Status: good", StringComparison.Ordinal);
            if (!stapled)
            {
                await Task.Delay(250);
            }
        }

        Assert.AreEqual(staple, stapled);
        Assert.AreEqual(staple, responder.OcspRequests > 0, "only the stapling server asks the responder");
    }
}
