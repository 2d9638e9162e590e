using CertKit.Tests.Support;

namespace CertKit.Tests.Revocation;

/// <summary>openssl, which shares no code with .NET's certificate classes, checks CertKit's CRLs and OCSP answers.</summary>
[TestClass]
public sealed class RevocationOpenSslTests
{
    [TestMethod]
    public async Task ExportCrl_OpenSslVerify_SignedByTheCaAndNotAnother()
    {
        using var ca = TestCertificateAuthority.Create();
        using var stranger = TestCertificateAuthority.Create();
        var crl = WriteCrl(ca, "crl.der", ca.ExportCrl());

        var verified = await OpenSsl.RunAsync(["crl", "-in", crl, "-inform", "DER", "-CAfile", ca.Certificate.WriteFiles().CertificatePath, "-noout"]);
        var refused = await OpenSsl.RunAsync(["crl", "-in", crl, "-inform", "DER", "-CAfile", stranger.Certificate.WriteFiles().CertificatePath, "-noout"]);

        Assert.AreEqual(0, verified.ExitCode, verified.Output);
        StringAssert.Contains(verified.Output, "verify OK");
        Assert.AreNotEqual(0, refused.ExitCode, refused.Output);
    }

    [TestMethod]
    public async Task ExportCrl_AsPemWithOpenSslCrlCheck_OnlyRevokedLeafRefused()
    {
        using var ca = TestCertificateAuthority.Create();
        using var good = ca.IssueServerCertificate("good.test");
        using var revoked = ca.IssueServerCertificate("revoked.test");
        ca.Revoke(revoked, X509RevocationReason.Superseded);
        // ExportCrlPem is gone: the PEM of the DER, ending with a newline like every PEM CertKit writes.
        var crlPem = WriteCrl(ca, "crl-for-openssl.pem", System.Text.Encoding.ASCII.GetBytes(PemEncoding.WriteString("X509 CRL", ca.ExportCrl()) + "\n"));

        var goodResult = await OpenSsl.RunAsync(["verify", "-crl_check", "-CAfile", ca.Certificate.WriteFiles().CertificatePath, "-CRLfile", crlPem, good.WriteFiles().CertificatePath]);
        var revokedResult = await OpenSsl.RunAsync(["verify", "-crl_check", "-CAfile", ca.Certificate.WriteFiles().CertificatePath, "-CRLfile", crlPem, revoked.WriteFiles().CertificatePath]);
        var listed = await OpenSsl.RunAsync(["crl", "-in", crlPem, "-noout", "-text"]);

        Assert.AreEqual(0, goodResult.ExitCode, goodResult.Output);
        Assert.AreNotEqual(0, revokedResult.ExitCode, revokedResult.Output);
        StringAssert.Contains(revokedResult.Output, "certificate revoked");
        StringAssert.Contains(listed.StandardOutput, "Superseded");
        StringAssert.Contains(listed.StandardOutput, revoked.Certificate.SerialNumber);
        File.Delete(crlPem);
    }

    [TestMethod]
    [DataRow("P-256", "ecdsa-with-SHA256")]
    [DataRow("P-384", "ecdsa-with-SHA384")]
    [DataRow("P-521", "ecdsa-with-SHA512")]
    public async Task ExportCrl_EachAuthorityCurve_SignedWithTheHashPairedWithItsKey(string curve, string openSslSignature)
    {
        var algorithm = curve switch { "P-384" => KeyAlgorithm.EcdsaP384, "P-521" => KeyAlgorithm.EcdsaP521, _ => KeyAlgorithm.EcdsaP256 };
        using var ca = TestCertificateAuthority.Create(new CertificateOptions { KeyAlgorithm = algorithm });
        var crl = WriteCrl(ca, "crl.der", ca.ExportCrl());

        var text = await OpenSsl.RunAsync(["crl", "-in", crl, "-inform", "DER", "-noout", "-text", "-CAfile", ca.Certificate.WriteFiles().CertificatePath]);

        Assert.AreEqual(0, text.ExitCode, text.Output);
        StringAssert.Contains(text.Output, "verify OK");
        StringAssert.Contains(text.StandardOutput, "Signature Algorithm: " + openSslSignature);
    }

    [TestMethod]
    public async Task OcspUrl_GoodRevokedAndUnknown_AnsweredAndSignatureVerifies()
    {
        await using var responder = await RevocationResponder.StartAsync();
        using var ca = TestCertificateAuthority.Create(new CertificateOptions { RevocationResponder = responder });
        using var good = ca.IssueServerCertificate("good.test");
        using var revoked = ca.IssueServerCertificate("revoked.test");
        ca.Revoke(revoked);
        var url = good.Certificate.Extensions.OfType<X509AuthorityInformationAccessExtension>().Single().EnumerateOcspUris().Single();

        var result = await OpenSsl.RunAsync(
        [
            "ocsp", "-issuer", ca.Certificate.WriteFiles().CertificatePath, "-CAfile", ca.Certificate.WriteFiles().CertificatePath, "-url", url, "-no_nonce",
            "-cert", good.WriteFiles().CertificatePath, "-cert", revoked.WriteFiles().CertificatePath, "-serial", "0x1234567890",
        ]);

        Assert.AreEqual(0, result.ExitCode, result.Output);
        StringAssert.Contains(result.Output, "Response verify OK");
        StringAssert.Contains(result.StandardOutput, $"{good.WriteFiles().CertificatePath}: good");
        StringAssert.Contains(result.StandardOutput, $"{revoked.WriteFiles().CertificatePath}: revoked");
        StringAssert.Contains(result.StandardOutput, "0x1234567890: unknown");
        Assert.AreEqual(1, responder.OcspRequests);
    }

    [TestMethod]
    public async Task OcspUrl_AskingAsAnotherCa_AnswerIsNotTrustedForIt()
    {
        await using var responder = await RevocationResponder.StartAsync();
        using var ca = TestCertificateAuthority.Create(new CertificateOptions { RevocationResponder = responder });
        using var stranger = TestCertificateAuthority.Create();
        using var good = ca.IssueServerCertificate("good.test");
        var url = good.Certificate.Extensions.OfType<X509AuthorityInformationAccessExtension>().Single().EnumerateOcspUris().Single();

        var result = await OpenSsl.RunAsync(
        [
            "ocsp", "-issuer", stranger.Certificate.WriteFiles().CertificatePath, "-CAfile", stranger.Certificate.WriteFiles().CertificatePath, "-url", url, "-no_nonce",
            "-cert", good.WriteFiles().CertificatePath,
        ]);

        // The CertID names the stranger, so the answer is "unknown", and it is signed by ca, whom the stranger's trust does not cover.
        StringAssert.Contains(result.Output, "Response Verify Failure");
        StringAssert.Contains(result.StandardOutput, ": unknown");
    }

    [TestMethod]
    public async Task OcspGet_RequestInTheUrl_AnsweredAsByPost()
    {
        await using var responder = await RevocationResponder.StartAsync();
        using var ca = TestCertificateAuthority.Create(new CertificateOptions { RevocationResponder = responder });
        using var revoked = ca.IssueServerCertificate("revoked.test");
        ca.Revoke(revoked);
        var url = revoked.Certificate.Extensions.OfType<X509AuthorityInformationAccessExtension>().Single().EnumerateOcspUris().Single();
        var directory = Path.GetDirectoryName(revoked.WriteFiles().CertificatePath)!;
        var requestPath = Path.Combine(directory, "ocsp-request.der");
        var responsePath = Path.Combine(directory, "ocsp-response.der");
        var made = await OpenSsl.RunAsync(["ocsp", "-issuer", ca.Certificate.WriteFiles().CertificatePath, "-cert", revoked.WriteFiles().CertificatePath, "-no_nonce", "-reqout", requestPath]);
        Assert.AreEqual(0, made.ExitCode, made.Output);

        // RFC 6960 appendix A.1: GET {url}/{url-encoding of base64 of the DER request}
        using var http = new HttpClient();
        var encoded = Uri.EscapeDataString(Convert.ToBase64String(await File.ReadAllBytesAsync(requestPath)));
        using var answer = await http.GetAsync(new Uri($"{url}/{encoded}"));
        await File.WriteAllBytesAsync(responsePath, await answer.Content.ReadAsByteArrayAsync());
        var read = await OpenSsl.RunAsync(
        [
            "ocsp", "-respin", responsePath, "-issuer", ca.Certificate.WriteFiles().CertificatePath, "-CAfile", ca.Certificate.WriteFiles().CertificatePath,
            "-cert", revoked.WriteFiles().CertificatePath, "-no_nonce",
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
        using var ca = TestCertificateAuthority.Create(new CertificateOptions { RevocationResponder = responder });
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
        var ca = TestCertificateAuthority.Create(new CertificateOptions { RevocationResponder = responder });
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

    /// <summary>Writes a CRL next to the authority's own files: deleted with the authority.</summary>
    private static string WriteCrl(TestCertificateAuthority ca, string fileName, byte[] content)
    {
        var path = Path.Combine(ca.Certificate.WriteFiles().Directory, fileName);
        File.WriteAllBytes(path, content);
        return path;
    }
}
