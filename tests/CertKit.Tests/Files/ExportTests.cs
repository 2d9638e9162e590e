using CertKit.Tests.Support;

namespace CertKit.Tests.Files;

/// <summary>Every export reloads with the BCL, and with openssl as an independent reader.</summary>
[TestClass]
public sealed class ExportTests
{
    [TestMethod]
    public async Task CertificateDerPath_Reloaded_SameCertificateInBclAndOpenSsl()
    {
        using var cert = TemporaryCertificate.Create();

        using var reloaded = X509CertificateLoader.LoadCertificateFromFile(cert.CertificateDerPath);
        Assert.AreEqual(cert.Certificate.Thumbprint, reloaded.Thumbprint);

        var openssl = await OpenSsl.RunAsync(["x509", "-inform", "DER", "-in", cert.CertificateDerPath, "-noout", "-fingerprint", "-sha1"]);

        Assert.AreEqual(0, openssl.ExitCode, openssl.Output);
        StringAssert.Contains(openssl.StandardOutput.Replace(":", string.Empty, StringComparison.Ordinal), cert.Certificate.Thumbprint);
    }

    [TestMethod]
    [DataRow(false)]
    [DataRow(true)]
    public async Task ExportEncryptedPrivateKeyPem_RightPassword_ReloadsAndWrongPasswordFails(bool rsa)
    {
        using var cert = TemporaryCertificate.Create(new TemporaryCertificateOptions { KeyAlgorithm = rsa ? KeyAlgorithm.Rsa2048 : KeyAlgorithm.EcdsaP256 });
        var pem = cert.ExportEncryptedPrivateKeyPem("s3cret");
        var path = WriteTemp(pem);
        try
        {
            using var key = rsa ? (AsymmetricAlgorithm)RSA.Create() : ECDsa.Create();
            key.ImportFromEncryptedPem(pem, "s3cret");
            using var wrong = rsa ? (AsymmetricAlgorithm)RSA.Create() : ECDsa.Create();
            Assert.StartsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----", pem);
            CollectionAssert.AreEqual(cert.Certificate.PublicKey.ExportSubjectPublicKeyInfo(), key.ExportSubjectPublicKeyInfo());
            Assert.ThrowsExactly<CryptographicException>(() => wrong.ImportFromEncryptedPem(pem, "wrong"));

            var right = await OpenSsl.RunAsync(["pkey", "-in", path, "-passin", "pass:s3cret", "-pubout"]);
            var refused = await OpenSsl.RunAsync(["pkey", "-in", path, "-passin", "pass:wrong", "-pubout"]);

            Assert.AreEqual(0, right.ExitCode, right.Output);
            StringAssert.Contains(right.StandardOutput, "-----BEGIN PUBLIC KEY-----");
            Assert.AreNotEqual(0, refused.ExitCode, refused.Output);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [TestMethod]
    public void ExportEncryptedPrivateKeyPem_EmptyPassword_ThrowsArgumentException()
    {
        using var cert = TemporaryCertificate.Create();

        Assert.ThrowsExactly<ArgumentException>(() => cert.ExportEncryptedPrivateKeyPem(string.Empty));
    }

    [TestMethod]
    public async Task ExportRsaPrivateKeyPem_RsaKey_IsPkcs1ReadByBclAndOpenSsl()
    {
        using var cert = TemporaryCertificate.Create(new TemporaryCertificateOptions { KeyAlgorithm = KeyAlgorithm.Rsa2048 });
        var pem = cert.ExportRsaPrivateKeyPem();
        var path = WriteTemp(pem);
        try
        {
            using var rsa = RSA.Create();
            rsa.ImportFromPem(pem);
            Assert.StartsWith("-----BEGIN RSA PRIVATE KEY-----", pem);
            CollectionAssert.AreEqual(cert.Certificate.PublicKey.ExportSubjectPublicKeyInfo(), rsa.ExportSubjectPublicKeyInfo());

            var check = await OpenSsl.RunAsync(["rsa", "-in", path, "-check", "-noout"]);

            Assert.AreEqual(0, check.ExitCode, check.Output);
            StringAssert.Contains(check.StandardOutput, "RSA key ok");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [TestMethod]
    public void ExportRsaPrivateKeyPem_EcdsaKey_ThrowsNamingTheAlgorithm()
    {
        using var cert = TemporaryCertificate.Create();

        var e = Assert.ThrowsExactly<InvalidOperationException>(() => cert.ExportRsaPrivateKeyPem());

        Assert.Contains("ECDSA P-256", e.Message);
    }

    [TestMethod]
    [DataRow(false, "AES-256-CBC")]
    [DataRow(true, "pbeWithSHA1And3-KeyTripleDES-CBC")]
    public async Task ExportPfx_EachForm_HoldsChainAndReloadsInBclAndOpenSsl(bool legacy, string openSslCipher)
    {
        using var ca = TestCertificateAuthority.Create();
        var intermediate = ca.CreateIntermediate();
        using var leaf = intermediate.IssueServerCertificate();
        var pfx = leaf.ExportPfx("p4ss", legacyTripleDes: legacy);
        var path = WriteTemp(pfx);
        try
        {
            var collection = X509CertificateLoader.LoadPkcs12Collection(pfx, "p4ss");
            Assert.HasCount(2, collection);
            Assert.IsTrue(collection.Single(c => c.Thumbprint == leaf.Certificate.Thumbprint).HasPrivateKey);
            Assert.ThrowsExactly<CryptographicException>(() => X509CertificateLoader.LoadPkcs12Collection(pfx, "wrong"));
            foreach (var certificate in collection)
            {
                certificate.Dispose();
            }

            var info = await OpenSsl.RunAsync(["pkcs12", "-in", path, "-passin", "pass:p4ss", "-info", "-nokeys"]);

            Assert.AreEqual(0, info.ExitCode, info.Output);
            StringAssert.Contains(info.Output, openSslCipher);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [TestMethod]
    public void AuthorityBundle_FullChainOfIntermediate_HoldsItAndEveryAuthorityAbove()
    {
        using var root = TestCertificateAuthority.Create();
        var intermediate = root.CreateIntermediate();

        var bundle = new X509Certificate2Collection();
        bundle.ImportFromPemFile(intermediate.Certificate.FullChainPemPath);

        CollectionAssert.AreEqual(
            new[] { intermediate.Certificate.Certificate.Thumbprint, root.Certificate.Certificate.Thumbprint },
            bundle.Select(c => c.Thumbprint).ToArray());
    }

    private static string WriteTemp(string text) => WriteTemp(System.Text.Encoding.ASCII.GetBytes(text));

    private static string WriteTemp(byte[] content)
    {
        // Key material, even a throwaway test key, is written owner-only.
        var path = Path.Combine(Path.GetTempPath(), "certkit-test-" + Guid.NewGuid().ToString("N"));
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = Unix.OwnerOnlyFile;
        }

        using var stream = new FileStream(path, options);
        stream.Write(content);
        return path;
    }
}
