using CertKit.Tests.Support;

namespace CertKit.Tests.Revocation;

/// <summary>openssl, which shares no code with .NET's certificate classes, checks CertKit's CRLs and OCSP answers.</summary>
[TestClass]
public sealed class RevocationOpenSslTests
{
    [TestMethod]
    public async Task CrlVerify_SignedByTheCa_VerifiesAndAnotherCaDoesNot()
    {
        using var ca = TestCertificateAuthority.Create();
        using var stranger = TestCertificateAuthority.Create();
        var crl = ca.ExportCrlFile();

        var verified = await OpenSsl.RunAsync(["crl", "-in", crl, "-inform", "DER", "-CAfile", ca.Certificate.CertificatePemPath, "-noout"]);
        var refused = await OpenSsl.RunAsync(["crl", "-in", crl, "-inform", "DER", "-CAfile", stranger.Certificate.CertificatePemPath, "-noout"]);

        Assert.AreEqual(0, verified.ExitCode, verified.Output);
        StringAssert.Contains(verified.Output, "verify OK");
        Assert.AreNotEqual(0, refused.ExitCode, refused.Output);
    }

    [TestMethod]
    public async Task VerifyCrlCheck_RevokedAndGoodLeaves_OnlyRevokedRefused()
    {
        using var ca = TestCertificateAuthority.Create();
        using var good = ca.IssueServerCertificate("good.test");
        using var revoked = ca.IssueServerCertificate("revoked.test");
        ca.Revoke(revoked, X509RevocationReason.Superseded);
        var crlPem = Path.Combine(Path.GetDirectoryName(ca.ExportCrlFile())!, "crl-for-openssl.pem");
        await File.WriteAllTextAsync(crlPem, ca.ExportCrlPem());

        var goodResult = await OpenSsl.RunAsync(["verify", "-crl_check", "-CAfile", ca.Certificate.CertificatePemPath, "-CRLfile", crlPem, good.CertificatePemPath]);
        var revokedResult = await OpenSsl.RunAsync(["verify", "-crl_check", "-CAfile", ca.Certificate.CertificatePemPath, "-CRLfile", crlPem, revoked.CertificatePemPath]);
        var listed = await OpenSsl.RunAsync(["crl", "-in", crlPem, "-noout", "-text"]);

        Assert.AreEqual(0, goodResult.ExitCode, goodResult.Output);
        Assert.AreNotEqual(0, revokedResult.ExitCode, revokedResult.Output);
        StringAssert.Contains(revokedResult.Output, "certificate revoked");
        StringAssert.Contains(listed.StandardOutput, "Superseded");
        StringAssert.Contains(listed.StandardOutput, revoked.Certificate.SerialNumber);
        File.Delete(crlPem);
    }

    [TestMethod]
    public async Task OcspUrl_GoodRevokedAndUnknown_AnsweredAndSignatureVerifies()
    {
        await using var responder = await RevocationResponder.StartAsync();
        using var ca = TestCertificateAuthority.Create(new CertificateAuthorityOptions { RevocationResponder = responder });
        using var good = ca.IssueServerCertificate("good.test");
        using var revoked = ca.IssueServerCertificate("revoked.test");
        ca.Revoke(revoked);
        var url = good.Certificate.Extensions.OfType<X509AuthorityInformationAccessExtension>().Single().EnumerateOcspUris().Single();

        var result = await OpenSsl.RunAsync(
        [
            "ocsp", "-issuer", ca.Certificate.CertificatePemPath, "-CAfile", ca.Certificate.CertificatePemPath, "-url", url, "-no_nonce",
            "-cert", good.CertificatePemPath, "-cert", revoked.CertificatePemPath, "-serial", "0x1234567890",
        ]);

        Assert.AreEqual(0, result.ExitCode, result.Output);
        StringAssert.Contains(result.Output, "Response verify OK");
        StringAssert.Contains(result.StandardOutput, $"{good.CertificatePemPath}: good");
        StringAssert.Contains(result.StandardOutput, $"{revoked.CertificatePemPath}: revoked");
        StringAssert.Contains(result.StandardOutput, "0x1234567890: unknown");
        Assert.AreEqual(1, responder.OcspRequests);
    }

    [TestMethod]
    public async Task OcspUrl_AskingAsAnotherCa_AnswerIsNotTrustedForIt()
    {
        await using var responder = await RevocationResponder.StartAsync();
        using var ca = TestCertificateAuthority.Create(new CertificateAuthorityOptions { RevocationResponder = responder });
        using var stranger = TestCertificateAuthority.Create();
        using var good = ca.IssueServerCertificate("good.test");
        var url = good.Certificate.Extensions.OfType<X509AuthorityInformationAccessExtension>().Single().EnumerateOcspUris().Single();

        var result = await OpenSsl.RunAsync(
        [
            "ocsp", "-issuer", stranger.Certificate.CertificatePemPath, "-CAfile", stranger.Certificate.CertificatePemPath, "-url", url, "-no_nonce",
            "-cert", good.CertificatePemPath,
        ]);

        // The CertID names the stranger, so the answer is "unknown", and it is signed by ca, whom the stranger's trust does not cover.
        StringAssert.Contains(result.Output, "Response Verify Failure");
        StringAssert.Contains(result.StandardOutput, ": unknown");
    }
}
