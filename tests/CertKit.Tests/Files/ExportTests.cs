using CertKit.Tests.Support;

namespace CertKit.Tests.Files;

/// <summary>Every export reloads with the BCL, and with openssl as an independent reader.</summary>
[TestClass]
public sealed class ExportTests
{
    [TestMethod]
    public async Task CertificateRawData_WrittenAsDer_SameCertificateInBclAndOpenSsl()
    {
        // CertificateDerPath is gone: a user who needs a .der file writes Certificate.RawData.
        using var cert = TemporaryCertificate.Create();
        var path = WriteTemp(cert.Certificate.RawData);
        try
        {
            using var reloaded = X509CertificateLoader.LoadCertificateFromFile(path);
            Assert.AreEqual(cert.Certificate.Thumbprint, reloaded.Thumbprint);

            var openssl = await OpenSsl.RunAsync(["x509", "-inform", "DER", "-in", path, "-noout", "-fingerprint", "-sha1"]);

            Assert.AreEqual(0, openssl.ExitCode, openssl.Output);
            StringAssert.Contains(openssl.StandardOutput.Replace(":", string.Empty, StringComparison.Ordinal), cert.Certificate.Thumbprint);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [TestMethod]
    [DataRow(false)]
    [DataRow(true)]
    public async Task CertificatePrivateKey_ExportedEncryptedByBcl_RightPasswordReloadsAndWrongPasswordFails(bool rsa)
    {
        // ExportEncryptedPrivateKeyPem is gone: the key of Certificate is exportable, so the BCL does it.
        using var cert = TemporaryCertificate.Create(new CertificateOptions { KeyAlgorithm = rsa ? KeyAlgorithm.Rsa2048 : KeyAlgorithm.EcdsaP256 });
        var pbe = new PbeParameters(PbeEncryptionAlgorithm.Aes256Cbc, HashAlgorithmName.SHA256, 100_000);
        using AsymmetricAlgorithm own = rsa ? cert.Certificate.GetRSAPrivateKey()! : cert.Certificate.GetECDsaPrivateKey()!;
        var pem = own.ExportEncryptedPkcs8PrivateKeyPem("s3cret", pbe);
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
    [DataRow("")]
    [DataRow(null)]
    public void ExportPfx_NoPassword_ThrowsArgumentException(string? password)
    {
        using var cert = TemporaryCertificate.Create();

        var e = Assert.Throws<ArgumentException>(() => cert.ExportPfx(password!));

        Assert.AreEqual("password", e.ParamName);
    }

    [TestMethod]
    public async Task CertificatePrivateKey_RsaExportedAsPkcs1ByBcl_ReadByBclAndOpenSsl()
    {
        // ExportRsaPrivateKeyPem is gone: GetRSAPrivateKey().ExportRSAPrivateKeyPem() does it.
        using var cert = TemporaryCertificate.Create(new CertificateOptions { KeyAlgorithm = KeyAlgorithm.Rsa2048 });
        using var own = cert.Certificate.GetRSAPrivateKey()!;
        var pem = own.ExportRSAPrivateKeyPem();
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
    [DataRow(false)]
    [DataRow(true)]
    public void PrivateKeyPem_EitherAlgorithm_IsPkcs8OfTheCertificateKey(bool rsa)
    {
        using var cert = TemporaryCertificate.Create(new CertificateOptions { KeyAlgorithm = rsa ? KeyAlgorithm.Rsa2048 : KeyAlgorithm.EcdsaP256 });

        using var key = rsa ? (AsymmetricAlgorithm)RSA.Create() : ECDsa.Create();
        key.ImportFromPem(cert.PrivateKeyPem);

        Assert.StartsWith("-----BEGIN PRIVATE KEY-----", cert.PrivateKeyPem, "PKCS#8 for RSA too, never PKCS#1");
        CollectionAssert.AreEqual(cert.Certificate.PublicKey.ExportSubjectPublicKeyInfo(), key.ExportSubjectPublicKeyInfo());
        Assert.AreEqual(rsa, cert.Certificate.GetRSAPrivateKey() is not null);
        Assert.AreEqual(!rsa, cert.Certificate.GetECDsaPrivateKey() is not null);
    }

    [TestMethod]
    [DataRow(null, "AES-256-CBC", DisplayName = "default")]
    [DataRow(Pkcs12ExportPbeParameters.Pbes2Aes256Sha256, "AES-256-CBC")]
    [DataRow(Pkcs12ExportPbeParameters.Pkcs12TripleDesSha1, "pbeWithSHA1And3-KeyTripleDES-CBC")]
    public async Task ExportPfx_EachForm_HoldsChainAndReloadsInBclAndOpenSsl(Pkcs12ExportPbeParameters? encryption, string openSslCipher)
    {
        using var ca = TestCertificateAuthority.Create();
        var intermediate = ca.CreateIntermediate();
        using var leaf = intermediate.IssueServerCertificate();
        var pfx = encryption is { } given ? leaf.ExportPfx("p4ss", given) : leaf.ExportPfx("p4ss");
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
    public void WriteFiles_FullChainOfIntermediateAuthority_HoldsItAndEveryAuthorityAbove()
    {
        using var root = TestCertificateAuthority.Create();
        var intermediate = root.CreateIntermediate();

        var bundle = new X509Certificate2Collection();
        bundle.ImportFromPemFile(intermediate.Certificate.WriteFiles().FullChainPath);

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
