using System.Runtime.Versioning;
using CertKit.Tests.Support;

namespace CertKit.Tests.Files;

[TestClass]
public sealed class TemporaryCertificateFilesTests
{
    [TestMethod]
    [OSCondition(ConditionMode.Exclude, OperatingSystems.Windows)]
    [UnsupportedOSPlatform("windows")]
    public void PathProperties_WhileAlive_FilesExistOwnerOnlyUnderTempDirectory()
    {
        using var cert = TemporaryCertificate.Create();

        var directory = Unix.DirectoryOf(cert);
        Assert.StartsWith(Path.GetFullPath(Path.GetTempPath()), directory);
        Assert.StartsWith("certkit-", Path.GetFileName(directory));
        Assert.AreEqual(Unix.OwnerOnlyDirectory, File.GetUnixFileMode(directory));
        Assert.AreEqual(Unix.OwnerOnlyFile, File.GetUnixFileMode(cert.PrivateKeyPemPath));
        Assert.AreEqual(Unix.OwnerOnlyFile, File.GetUnixFileMode(cert.PfxPath));
        Assert.AreEqual(Unix.PublicFile, File.GetUnixFileMode(cert.CertificatePemPath));
        Assert.AreEqual(directory, Path.GetDirectoryName(cert.PrivateKeyPemPath));
        Assert.AreEqual(directory, Path.GetDirectoryName(cert.PfxPath));
    }

    [TestMethod]
    public void Dispose_FilesWritten_DeletesFilesAndDirectory()
    {
        var cert = TemporaryCertificate.Create();
        string[] files = [cert.CertificatePemPath, cert.PrivateKeyPemPath, cert.PfxPath];
        var directory = Unix.DirectoryOf(cert);
        Assert.IsTrue(files.All(File.Exists));

        cert.Dispose();

        Assert.IsFalse(files.Any(File.Exists));
        Assert.IsFalse(Directory.Exists(directory));
    }

    [TestMethod]
    public async Task DisposeAsync_FilesWritten_DeletesFilesAndDirectory()
    {
        var cert = TemporaryCertificate.Create();
        var directory = Unix.DirectoryOf(cert);

        await cert.DisposeAsync();

        Assert.IsFalse(Directory.Exists(directory));
    }

    [TestMethod]
    public void PathProperties_ReadTwice_ReturnSamePathAndWriteOnce()
    {
        var logger = new RecordingLogger();
        using var cert = TemporaryCertificate.Create(new TemporaryCertificateOptions { Logger = logger });

        var pemPaths = new[] { cert.CertificatePemPath, cert.CertificatePemPath };
        var pfxPaths = new[] { cert.PfxPath, cert.PfxPath };

        Assert.AreEqual(pemPaths[0], pemPaths[1]);
        Assert.AreEqual(pfxPaths[0], pfxPaths[1]);

        Assert.HasCount(2, logger.WithEventId(2));
    }

    [TestMethod]
    public void Create_NoPathRead_WritesNothing()
    {
        var logger = new RecordingLogger();
        var cert = TemporaryCertificate.Create(new TemporaryCertificateOptions { Logger = logger });
        _ = cert.CertificatePem;
        _ = cert.PrivateKeyPem;
        _ = cert.Pfx;

        cert.Dispose();

        Assert.IsEmpty(logger.WithEventId(2));
        StringAssert.Contains(logger.WithEventId(3).Single().Message, "(none written)");
    }

    [TestMethod]
    public void PemFiles_Reloaded_GiveSameCertificateWithWorkingKey()
    {
        using var cert = TemporaryCertificate.Create();

        using var reloaded = X509Certificate2.CreateFromPemFile(cert.CertificatePemPath, cert.PrivateKeyPemPath);

        Assert.AreEqual(cert.Certificate.Thumbprint, reloaded.Thumbprint);
        Assert.IsTrue(reloaded.HasPrivateKey);
        using var key = reloaded.GetECDsaPrivateKey()!;
        using var publicKey = cert.Certificate.GetECDsaPublicKey()!;
        var data = "signed by the reloaded key"u8.ToArray();
        Assert.IsTrue(publicKey.VerifyData(data, key.SignData(data, HashAlgorithmName.SHA256), HashAlgorithmName.SHA256));
    }

    [TestMethod]
    public void PemFiles_Content_MatchInMemoryPem()
    {
        using var cert = TemporaryCertificate.Create();

        Assert.AreEqual(cert.CertificatePem, File.ReadAllText(cert.CertificatePemPath));
        Assert.AreEqual(cert.PrivateKeyPem, File.ReadAllText(cert.PrivateKeyPemPath));
        Assert.StartsWith("-----BEGIN CERTIFICATE-----", cert.CertificatePem);
        Assert.StartsWith("-----BEGIN PRIVATE KEY-----", cert.PrivateKeyPem);
    }

    [TestMethod]
    public void InMemoryBytes_Decoded_MatchTheCertificate()
    {
        using var cert = TemporaryCertificate.Create(new TemporaryCertificateOptions { KeyAlgorithm = KeyAlgorithm.Rsa2048 });

        CollectionAssert.AreEqual(cert.Certificate.RawData, cert.CertificateDer.ToArray());
        using var key = RSA.Create();
        key.ImportPkcs8PrivateKey(cert.PrivateKeyPkcs8.Span, out _);
        using var publicKey = cert.Certificate.GetRSAPublicKey()!;
        CollectionAssert.AreEqual(publicKey.ExportSubjectPublicKeyInfo(), key.ExportSubjectPublicKeyInfo());
    }

    [TestMethod]
    public async Task PfxFile_RightPassword_ReloadsAndServesTls()
    {
        using var cert = TemporaryCertificate.Create();

        using var reloaded = X509CertificateLoader.LoadPkcs12FromFile(cert.PfxPath, cert.PfxPassword);
        var outcome = await LoopbackTls.HandshakeAsync(reloaded, trustedRoot: cert.Certificate);

        Assert.IsTrue(reloaded.HasPrivateKey);
        Assert.AreEqual(cert.Certificate.Thumbprint, reloaded.Thumbprint);
        Assert.IsTrue(outcome.Succeeded, outcome.ToString());
        CollectionAssert.AreEqual(File.ReadAllBytes(cert.PfxPath), cert.Pfx.ToArray());
    }

    [TestMethod]
    [DataRow("wrong password")]
    [DataRow("")]
    [DataRow(null)]
    public void PfxFile_WrongOrNoPassword_FailsToLoad(string? password)
    {
        using var cert = TemporaryCertificate.Create();

        Assert.ThrowsExactly<CryptographicException>(() => X509CertificateLoader.LoadPkcs12FromFile(cert.PfxPath, password));
    }
}
