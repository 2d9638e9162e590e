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

    [TestMethod]
    public async Task OcspGet_RequestInTheUrl_AnsweredAsByPost()
    {
        await using var responder = await RevocationResponder.StartAsync();
        using var ca = TestCertificateAuthority.Create(new CertificateAuthorityOptions { RevocationResponder = responder });
        using var revoked = ca.IssueServerCertificate("revoked.test");
        ca.Revoke(revoked);
        var url = revoked.Certificate.Extensions.OfType<X509AuthorityInformationAccessExtension>().Single().EnumerateOcspUris().Single();
        var directory = Path.GetDirectoryName(revoked.CertificatePemPath)!;
        var requestPath = Path.Combine(directory, "ocsp-request.der");
        var responsePath = Path.Combine(directory, "ocsp-response.der");
        var made = await OpenSsl.RunAsync(["ocsp", "-issuer", ca.Certificate.CertificatePemPath, "-cert", revoked.CertificatePemPath, "-no_nonce", "-reqout", requestPath]);
        Assert.AreEqual(0, made.ExitCode, made.Output);

        // RFC 6960 appendix A.1: GET {url}/{url-encoding of base64 of the DER request}
        using var http = new HttpClient();
        var encoded = Uri.EscapeDataString(Convert.ToBase64String(await File.ReadAllBytesAsync(requestPath)));
        using var answer = await http.GetAsync(new Uri($"{url}/{encoded}"));
        await File.WriteAllBytesAsync(responsePath, await answer.Content.ReadAsByteArrayAsync());
        var read = await OpenSsl.RunAsync(
        [
            "ocsp", "-respin", responsePath, "-issuer", ca.Certificate.CertificatePemPath, "-CAfile", ca.Certificate.CertificatePemPath,
            "-cert", revoked.CertificatePemPath, "-no_nonce",
        ]);

        Assert.AreEqual("application/ocsp-response", answer.Content.Headers.ContentType?.MediaType);
        Assert.AreEqual(0, read.ExitCode, read.Output);
        StringAssert.Contains(read.Output, "Response verify OK");
        StringAssert.Contains(read.StandardOutput, ": revoked");
        Assert.AreEqual(1, responder.OcspRequests);
    }

    [TestMethod]
    public async Task Responder_UnknownPathOrGarbage_404OrClosedAndStillServes()
    {
        await using var responder = await RevocationResponder.StartAsync();
        using var ca = TestCertificateAuthority.Create(new CertificateAuthorityOptions { RevocationResponder = responder });
        using var leaf = ca.IssueServerCertificate();
        using var http = new HttpClient();
        using (var garbage = new System.Net.Sockets.TcpClient())
        {
            await garbage.ConnectAsync(System.Net.IPAddress.Loopback, responder.BaseAddress.Port);
            await garbage.GetStream().WriteAsync("not http at all"u8.ToArray());
        }

        using var missing = await http.GetAsync(new Uri(responder.BaseAddress, "nobody/crl"));
        var ocspUrl = leaf.Certificate.Extensions.OfType<X509AuthorityInformationAccessExtension>().Single().EnumerateOcspUris().Single();
        var crl = await http.GetByteArrayAsync(new Uri(ocspUrl.Replace("/ocsp", "/crl", StringComparison.Ordinal)));

        Assert.AreEqual(System.Net.HttpStatusCode.NotFound, missing.StatusCode);
        Assert.AreEqual(1, responder.CrlRequests);
        Assert.IsGreaterThan(100, crl.Length);
        StringAssert.StartsWith(Convert.ToHexString(crl[..1]), "30", "a DER SEQUENCE");
    }

    [TestMethod]
    public async Task Responder_AuthorityDisposed_ItsUrlsAnswer404()
    {
        await using var responder = await RevocationResponder.StartAsync();
        var ca = TestCertificateAuthority.Create(new CertificateAuthorityOptions { RevocationResponder = responder });
        string crlUrl;
        using (var issued = ca.IssueServerCertificate())
        {
            var ocsp = issued.Certificate.Extensions.OfType<X509AuthorityInformationAccessExtension>().Single().EnumerateOcspUris().Single();
            crlUrl = ocsp.Replace("/ocsp", "/crl", StringComparison.Ordinal);
        }

        using var http = new HttpClient();
        using var before = await http.GetAsync(new Uri(crlUrl));
        ca.Dispose();
        using var after = await http.GetAsync(new Uri(crlUrl));

        Assert.AreEqual(System.Net.HttpStatusCode.OK, before.StatusCode);
        Assert.AreEqual(System.Net.HttpStatusCode.NotFound, after.StatusCode);
    }
}
