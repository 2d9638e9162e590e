using CertKit.Tests.Support;

namespace CertKit.Tests.Authority;

/// <summary>Bring your own CA: an authority from a certificate and key made elsewhere (by CertKit, by openssl, in a PFX).</summary>
[TestClass]
public sealed class ImportTests
{
    [TestMethod]
    public async Task ImportPem_OpenSslMadeRoot_IssuesLeavesItsTrustAccepts()
    {
        using var scratch = TemporaryCertificate.Create();
        var directory = scratch.WriteFiles().Directory;
        var key = Path.Combine(directory, "ca.key");
        var certificate = Path.Combine(directory, "ca.crt");
        var made = await OpenSsl.RunAsync([
            "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", key, "-out", certificate,
            "-days", "30", "-subj", "/O=Team/CN=Team Test Root", "-addext", "basicConstraints=critical,CA:TRUE",
            "-addext", "keyUsage=critical,keyCertSign,cRLSign"]);
        Assert.AreEqual(0, made.ExitCode, made.Output);

        using var ca = TestCertificateAuthority.ImportPem(await File.ReadAllTextAsync(certificate), await File.ReadAllTextAsync(key));
        using var leaf = ca.IssueServerCertificate("localhost");
        using var stranger = TestCertificateAuthority.Create();

        var (accepted, _) = await TlsPair.RunAsync(ca.Trust.CreateServerOptions(leaf), ca.Trust.CreateClientOptions("localhost"));
        var (refused, _) = await TlsPair.RunAsync(ca.Trust.CreateServerOptions(leaf), stranger.Trust.CreateClientOptions("localhost"));
        var verified = await OpenSsl.RunAsync(["verify", "-x509_strict", "-CAfile", certificate, leaf.WriteFiles().CertificatePath]);

        Assert.IsTrue(accepted.Succeeded, accepted.ToString());
        Assert.IsFalse(refused.Succeeded, refused.ToString());
        Assert.AreEqual(0, verified.ExitCode, verified.Output);
        Assert.AreEqual("CN=Team Test Root, O=Team", leaf.Certificate.Issuer);
        Assert.IsTrue(File.Exists(key) && File.Exists(certificate), "the caller's files stay the caller's");
        ca.Dispose();
        Assert.IsTrue(File.Exists(key), "disposing the imported authority leaves the caller's key file alone");
    }

    [TestMethod]
    public async Task ImportPem_RsaKeyInPkcs1Form_IsRead()
    {
        using var original = TestCertificateAuthority.Create(new CertificateOptions { KeyAlgorithm = KeyAlgorithm.Rsa2048 });
        using var rsa = original.Certificate.Certificate.GetRSAPrivateKey()!;

        using var ca = TestCertificateAuthority.ImportPem(original.Certificate.CertificatePem, rsa.ExportRSAPrivateKeyPem());
        using var leaf = ca.IssueServerCertificate("localhost");

        var (client, _) = await TlsPair.RunAsync(original.Trust.CreateServerOptions(leaf), original.Trust.CreateClientOptions("localhost"));
        Assert.IsTrue(client.Succeeded, client.ToString());
        Assert.IsNotNull(leaf.Certificate.GetRSAPublicKey(), "leaves take the imported key's algorithm");
    }

    [TestMethod]
    public async Task ImportPem_IntermediateWithItsChain_LeavesChainToTheRoot()
    {
        using var root = TestCertificateAuthority.Create();
        using var intermediate = root.CreateIntermediate();

        using var imported = TestCertificateAuthority.ImportPem(intermediate.Certificate.FullChainPem, intermediate.Certificate.PrivateKeyPem);
        using var leaf = imported.IssueServerCertificate("localhost");

        Assert.HasCount(1, leaf.Intermediates);
        Assert.AreEqual(root.Certificate.Certificate.Thumbprint, leaf.TrustAnchor.Thumbprint);
        var (client, _) = await TlsPair.RunAsync(root.Trust.CreateServerOptions(leaf), root.Trust.CreateClientOptions("localhost"));
        Assert.IsTrue(client.Succeeded, client.ToString());
    }

    [TestMethod]
    public void ImportPem_KeyOfAnotherCertificate_ThrowsNamingBoth()
    {
        using var ca = TestCertificateAuthority.Create();
        using var other = TemporaryCertificate.Create();

        var e = Assert.ThrowsExactly<ArgumentException>(() => TestCertificateAuthority.ImportPem(ca.Certificate.CertificatePem, other.PrivateKeyPem));

        StringAssert.Contains(e.Message, "does not match");
        StringAssert.Contains(e.Message, ca.Certificate.Certificate.Subject);
        StringAssert.Contains(e.Message, "ECDSA 256");
    }

    [TestMethod]
    public void ImportPem_EncryptedKey_ThrowsSayingToDecryptIt()
    {
        using var ca = TestCertificateAuthority.Create();
        using var key = ca.Certificate.Certificate.GetECDsaPrivateKey()!;
        var encrypted = key.ExportEncryptedPkcs8PrivateKeyPem("secret", new PbeParameters(PbeEncryptionAlgorithm.Aes256Cbc, HashAlgorithmName.SHA256, 1000));

        var e = Assert.ThrowsExactly<ArgumentException>(() => TestCertificateAuthority.ImportPem(ca.Certificate.CertificatePem, encrypted));

        StringAssert.Contains(e.Message, "encrypted");
    }

    [TestMethod]
    public void ImportPem_NoCertificate_ThrowsNamingTheArgument()
    {
        using var ca = TestCertificateAuthority.Create();

        var e = Assert.ThrowsExactly<ArgumentException>(() => TestCertificateAuthority.ImportPem(ca.Certificate.PrivateKeyPem, ca.Certificate.PrivateKeyPem));

        Assert.AreEqual("certificatePem", e.ParamName);
    }

    [TestMethod]
    public void ImportPem_OptionDescribingANewCertificate_Throws()
    {
        using var ca = TestCertificateAuthority.Create();

        var e = Assert.ThrowsExactly<ArgumentException>(
            () => TestCertificateAuthority.ImportPem(ca.Certificate.CertificatePem, ca.Certificate.PrivateKeyPem, new CertificateOptions { CommonName = "x" }));

        StringAssert.Contains(e.Message, nameof(CertificateOptions.CommonName));
    }

    [TestMethod]
    public async Task ImportPfx_WithPassword_IssuesAndRevokes()
    {
        using var original = TestCertificateAuthority.Create();
        var pfx = original.Certificate.ExportPfx("pfx-password");
        await using var responder = await RevocationResponder.StartAsync();

        using var ca = TestCertificateAuthority.ImportPfx(pfx, "pfx-password", new CertificateOptions { RevocationResponder = responder });
        using var good = ca.IssueServerCertificate("localhost");
        using var revoked = ca.IssueServerCertificate("localhost");
        ca.Revoke(revoked);

        var (accepted, _) = await TlsPair.RunAsync(ca.Trust.CreateServerOptions(good), ca.Trust.CreateClientOptions("localhost"));
        var (refused, _) = await TlsPair.RunAsync(ca.Trust.CreateServerOptions(revoked), ca.Trust.CreateClientOptions("localhost"));

        Assert.IsTrue(accepted.Succeeded, accepted.ToString());
        Assert.AreEqual(X509ChainStatusFlags.Revoked, refused.ChainStatus & X509ChainStatusFlags.Revoked, refused.ToString());
    }

    [TestMethod]
    public void ImportPfx_IntermediateWithoutItsRoot_ThrowsSayingWhatToAdd()
    {
        using var root = TestCertificateAuthority.Create();
        using var intermediate = root.CreateIntermediate();

        var e = Assert.ThrowsExactly<ArgumentException>(() => TestCertificateAuthority.ImportPfx(intermediate.Certificate.ExportPfx("pw"), "pw"));

        Assert.AreEqual("pfx", e.ParamName);
        StringAssert.Contains(e.Message, "not self-signed");
        StringAssert.Contains(e.Message, root.Certificate.Certificate.Subject);
    }

    [TestMethod]
    public async Task ImportPem_IntermediateWithoutRevocationEndpointsAndAResponder_ThrowsSayingWhy()
    {
        using var root = TestCertificateAuthority.Create();
        using var intermediate = root.CreateIntermediate();
        await using var responder = await RevocationResponder.StartAsync();

        var e = Assert.ThrowsExactly<ArgumentException>(() => TestCertificateAuthority.ImportPem(
            intermediate.Certificate.FullChainPem, intermediate.Certificate.PrivateKeyPem, new CertificateOptions { RevocationResponder = responder }));

        StringAssert.Contains(e.Message, "CRL distribution point");
    }

    [TestMethod]
    public void ImportPem_ExpiredAuthority_RefusesToIssueSayingWhenItEnded()
    {
        var past = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow.AddDays(-90));
        using var old = TestCertificateAuthority.Create(new CertificateOptions { TimeProvider = past });
        using var ca = TestCertificateAuthority.ImportPem(old.Certificate.CertificatePem, old.Certificate.PrivateKeyPem);

        var e = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ca.IssueServerCertificate("localhost"));

        StringAssert.Contains(e.Message, "valid only until");
        StringAssert.Contains(e.Message, old.Certificate.Certificate.Subject.Replace("CN=", "", StringComparison.Ordinal).Split(',')[0]);
    }

    [TestMethod]
    public void ImportPem_ChainWithAnUnrelatedRoot_ThrowsNamingTheBrokenLink()
    {
        using var root = TestCertificateAuthority.Create();
        using var intermediate = root.CreateIntermediate();
        using var unrelated = TestCertificateAuthority.Create();

        var e = Assert.ThrowsExactly<ArgumentException>(() => TestCertificateAuthority.ImportPem(
            intermediate.Certificate.CertificatePem + unrelated.Certificate.CertificatePem, intermediate.Certificate.PrivateKeyPem));

        Assert.AreEqual("certificatePem", e.ParamName);
        StringAssert.Contains(e.Message, $"is issued by {root.Certificate.Certificate.Subject}");
        StringAssert.Contains(e.Message, unrelated.Certificate.Certificate.Subject);
    }

    [TestMethod]
    public void ImportPfx_WrongPassword_ThrowsAskingAboutIt()
    {
        using var original = TestCertificateAuthority.Create();

        var e = Assert.ThrowsExactly<ArgumentException>(() => TestCertificateAuthority.ImportPfx(original.Certificate.ExportPfx("right"), "wrong"));

        StringAssert.Contains(e.Message, "password");
    }

    [TestMethod]
    public void Import_Dispose_LeavesNoFilesOfWhatItIssued()
    {
        using var original = TestCertificateAuthority.Create();
        var ca = TestCertificateAuthority.ImportPem(original.Certificate.CertificatePem, original.Certificate.PrivateKeyPem);
        var leaf = ca.IssueServerCertificate("localhost");
        string[] files = [.. WrittenFiles.Paths(leaf.WriteFiles()), .. WrittenFiles.Paths(ca.Certificate.WriteFiles())];

        ca.Dispose();

        Assert.IsFalse(files.Any(File.Exists), string.Join(", ", files.Where(File.Exists)));
        Assert.ThrowsExactly<ObjectDisposedException>(() => leaf.Certificate);
    }
}
