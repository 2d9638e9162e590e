using System.Runtime.Versioning;
using CertKit.Tests.Support;

namespace CertKit.Tests.Files;

[TestClass]
public sealed class TemporaryCertificateFilesTests
{
    [TestMethod]
    [OSCondition(ConditionMode.Exclude, OperatingSystems.Windows)]
    [UnsupportedOSPlatform("windows")]
    public void WriteFiles_WhileAlive_FilesExistOwnerOnlyUnderTempDirectory()
    {
        using var cert = TemporaryCertificate.Create();

        var files = cert.WriteFiles();
        var pfx = cert.WritePfxFile("pfx-password");

        var directory = files.Directory;
        Assert.StartsWith(Path.GetFullPath(Path.GetTempPath()), directory);
        Assert.StartsWith("certkit-", Path.GetFileName(directory));
        Assert.AreEqual(Unix.OwnerOnlyDirectory, File.GetUnixFileMode(directory));
        Assert.AreEqual(Unix.OwnerOnlyFile, File.GetUnixFileMode(files.PrivateKeyPath));
        Assert.AreEqual(Unix.OwnerOnlyFile, File.GetUnixFileMode(pfx));
        Assert.AreEqual(Unix.PublicFile, File.GetUnixFileMode(files.CertificatePath));
        Assert.AreEqual(Unix.PublicFile, File.GetUnixFileMode(files.ChainPath));
        Assert.AreEqual(Unix.PublicFile, File.GetUnixFileMode(files.FullChainPath));
        Assert.AreEqual(Unix.PublicFile, File.GetUnixFileMode(files.TrustAnchorPath));
        var prefix = WrittenFiles.Prefix(files.CertificatePath);
        Assert.MatchesRegex("^[0-9]+-$", prefix, "each certificate's files carry a prefix of their own");
        foreach (var (path, name) in new[]
        {
            (files.CertificatePath, "certificate.pem"), (files.PrivateKeyPath, "private-key.pem"), (files.ChainPath, "chain.pem"),
            (files.FullChainPath, "fullchain.pem"), (files.TrustAnchorPath, "trust-anchor.pem"), (pfx, "certificate.pfx"),
        })
        {
            Assert.AreEqual(directory, Path.GetDirectoryName(path), name);
            Assert.AreEqual(prefix + name, Path.GetFileName(path));
            Assert.IsTrue(File.Exists(path), name);
        }
    }

    [TestMethod]
    public void Dispose_FilesWritten_DeletesEveryFileItWroteAndNoneOfAnothers()
    {
        using var neighbour = TemporaryCertificate.Create();
        var neighbours = neighbour.WriteFiles();
        var cert = TemporaryCertificate.Create();
        var written = cert.WriteFiles();
        string[] files = [.. WrittenFiles.Paths(written), cert.WritePfxFile("pfx-password")];
        Assert.IsTrue(files.All(File.Exists));
        Assert.AreEqual(neighbours.Directory, written.Directory, "one directory per process");

        cert.Dispose();

        Assert.IsFalse(files.Any(File.Exists));
        Assert.IsEmpty(WrittenFiles.OnDisk(written.PrivateKeyPath));
        Assert.IsTrue(WrittenFiles.Paths(neighbours).All(File.Exists), "another certificate's files stay until it is disposed");
    }

    [TestMethod]
    public void WriteFiles_CalledTwice_ReturnsSameFilesAndWritesOnce()
    {
        var logger = new RecordingLogger();
        using var cert = TemporaryCertificate.Create(new CertificateOptions { Logger = logger });

        var first = cert.WriteFiles();
        var written = File.GetLastWriteTimeUtc(first.CertificatePath);
        var second = cert.WriteFiles();

        Assert.AreSame(first, second);
        Assert.AreEqual(first.CertificatePath, second.CertificatePath);
        Assert.AreEqual(first.PrivateKeyPath, second.PrivateKeyPath);
        Assert.HasCount(5, logger.WithEventId(2), "five PEM files, each written once");
        Assert.HasCount(5, WrittenFiles.OnDisk(first.CertificatePath));
        Assert.AreEqual(written, File.GetLastWriteTimeUtc(second.CertificatePath));
    }

    [TestMethod]
    public void WritePfxFile_SamePasswordTwice_ReturnsSamePathAndWritesOnce()
    {
        var logger = new RecordingLogger();
        using var cert = TemporaryCertificate.Create(new CertificateOptions { Logger = logger });

        var first = cert.WritePfxFile("same");
        var second = cert.WritePfxFile("same");

        Assert.AreEqual(first, second);
        Assert.HasCount(1, logger.WithEventId(2));
        Assert.HasCount(1, WrittenFiles.OnDisk(first));
    }

    [TestMethod]
    public void WritePfxFile_AnotherPasswordAfterFirst_ThrowsInvalidOperationExceptionAndKeepsFirstFile()
    {
        using var cert = TemporaryCertificate.Create();
        var path = cert.WritePfxFile("first");
        var bytes = File.ReadAllBytes(path);

        var e = Assert.ThrowsExactly<InvalidOperationException>(() => cert.WritePfxFile("second"));

        Assert.Contains(path, e.Message);
        CollectionAssert.AreEqual(bytes, File.ReadAllBytes(path), "the first file is untouched");
        using var reloaded = X509CertificateLoader.LoadPkcs12FromFile(path, "first");
        Assert.AreEqual(cert.Certificate.Thumbprint, reloaded.Thumbprint);
    }

    [TestMethod]
    [DataRow("")]
    [DataRow(null)]
    public void WritePfxFile_NoPassword_ThrowsArgumentExceptionAndWritesNothing(string? password)
    {
        var logger = new RecordingLogger();
        using var cert = TemporaryCertificate.Create(new CertificateOptions { Logger = logger });

        Assert.Throws<ArgumentException>(() => cert.WritePfxFile(password!));

        Assert.IsEmpty(logger.WithEventId(2));
    }

    [TestMethod]
    public void Getters_AllRead_WriteNothing()
    {
        var logger = new RecordingLogger();
        using var ca = TestCertificateAuthority.Create(new CertificateOptions { Logger = logger });
        using var cert = ca.CreateIntermediate().IssueServerCertificate();
        _ = cert.Certificate;
        _ = cert.CertificatePem;
        _ = cert.ChainPem;
        _ = cert.FullChainPem;
        _ = cert.PrivateKeyPem;
        _ = cert.Intermediates;
        _ = cert.TrustAnchor;
        _ = cert.ExportPfx("in-memory");
        _ = cert.Trust.CreateChainPolicy();
        _ = cert.Trust.CreateClientOptions("localhost");
        _ = cert.Trust.CreateServerOptions(cert);
        _ = ca.ExportCrl();
        var writtenBeforeWriteFiles = logger.WithEventId(2);

        var files = cert.WriteFiles();

        Assert.IsEmpty(writtenBeforeWriteFiles, "no getter writes a file");
        Assert.IsTrue(File.Exists(files.CertificatePath));
        Assert.HasCount(5, logger.WithEventId(2), "WriteFiles wrote the five PEM files");
    }

    [TestMethod]
    public void Create_NothingWritten_DisposeSaysNoneWritten()
    {
        var logger = new RecordingLogger();
        var cert = TemporaryCertificate.Create(new CertificateOptions { Logger = logger });
        _ = cert.CertificatePem;
        _ = cert.PrivateKeyPem;
        _ = cert.ExportPfx("in-memory");

        cert.Dispose();

        Assert.IsEmpty(logger.WithEventId(2));
        StringAssert.Contains(logger.WithEventId(3).Single().Message, "(none written)");
    }

    [TestMethod]
    public void WriteFiles_Reloaded_GiveSameCertificateWithWorkingKey()
    {
        using var cert = TemporaryCertificate.Create();
        var files = cert.WriteFiles();

        using var reloaded = X509Certificate2.CreateFromPemFile(files.CertificatePath, files.PrivateKeyPath);

        Assert.AreEqual(cert.Certificate.Thumbprint, reloaded.Thumbprint);
        Assert.IsTrue(reloaded.HasPrivateKey);
        using var key = reloaded.GetECDsaPrivateKey()!;
        using var publicKey = cert.Certificate.GetECDsaPublicKey()!;
        var data = "signed by the reloaded key"u8.ToArray();
        Assert.IsTrue(publicKey.VerifyData(data, key.SignData(data, HashAlgorithmName.SHA256), HashAlgorithmName.SHA256));
    }

    [TestMethod]
    public void WriteFiles_Content_MatchesInMemoryPem()
    {
        using var ca = TestCertificateAuthority.Create();
        using var cert = ca.CreateIntermediate().IssueServerCertificate();
        var files = cert.WriteFiles();

        Assert.AreEqual(cert.CertificatePem, File.ReadAllText(files.CertificatePath));
        Assert.AreEqual(cert.PrivateKeyPem, File.ReadAllText(files.PrivateKeyPath));
        Assert.AreEqual(cert.ChainPem, File.ReadAllText(files.ChainPath));
        Assert.AreEqual(cert.FullChainPem, File.ReadAllText(files.FullChainPath));
        Assert.AreEqual(ca.Certificate.CertificatePem, File.ReadAllText(files.TrustAnchorPath));
        Assert.StartsWith("-----BEGIN CERTIFICATE-----", cert.CertificatePem);
        Assert.StartsWith("-----BEGIN PRIVATE KEY-----", cert.PrivateKeyPem);
    }

    [TestMethod]
    [DataRow(false, DisplayName = "self-signed")]
    [DataRow(true, DisplayName = "under an intermediate")]
    public void PemProperties_EachOne_EndsWithExactlyOneNewline(bool issued)
    {
        using var ca = TestCertificateAuthority.Create();
        using var cert = issued ? ca.CreateIntermediate().IssueServerCertificate() : TemporaryCertificate.Create();

        foreach (var (name, pem) in new[]
        {
            ("CertificatePem", cert.CertificatePem), ("ChainPem", cert.ChainPem), ("FullChainPem", cert.FullChainPem), ("PrivateKeyPem", cert.PrivateKeyPem),
        })
        {
            Assert.EndsWith("-----\n", pem, name);
            Assert.IsFalse(pem.EndsWith("\n\n", StringComparison.Ordinal), name + " ends with exactly one newline");
        }
    }

    [TestMethod]
    [DataRow(false, DisplayName = "self-signed")]
    [DataRow(true, DisplayName = "under an intermediate")]
    public void WriteFiles_EveryFile_EndsWithExactlyOneNewline(bool issued)
    {
        using var ca = TestCertificateAuthority.Create();
        using var cert = issued ? ca.CreateIntermediate().IssueServerCertificate() : TemporaryCertificate.Create();

        var files = cert.WriteFiles();

        foreach (var path in new[] { files.CertificatePath, files.PrivateKeyPath, files.ChainPath, files.FullChainPath, files.TrustAnchorPath })
        {
            var bytes = File.ReadAllBytes(path);
            Assert.AreEqual((byte)'\n', bytes[^1], Path.GetFileName(path));
            Assert.AreEqual((byte)'-', bytes[^2], Path.GetFileName(path) + " ends with exactly one newline after the END line");
        }
    }

    [TestMethod]
    public async Task WriteFiles_TwoCertificatesConcatenated_OpenSslReadsBoth()
    {
        using var first = TemporaryCertificate.Create("first.test");
        using var second = TemporaryCertificate.Create("second.test");
        var both = Path.Combine(first.WriteFiles().Directory, "both.pem");
        // cat a.pem b.pem > both.pem: without the final newline, the second BEGIN line would follow the first END line.
        File.WriteAllBytes(both, [.. File.ReadAllBytes(first.WriteFiles().CertificatePath), .. File.ReadAllBytes(second.WriteFiles().CertificatePath)]);
        var truncated = Path.Combine(first.WriteFiles().Directory, "no-newline.pem");
        File.WriteAllText(truncated, first.CertificatePem.TrimEnd('\n') + second.CertificatePem);

        var read = await OpenSsl.RunAsync(["crl2pkcs7", "-nocrl", "-certfile", both], timeout: TimeSpan.FromSeconds(30));
        var printed = await OpenSsl.RunAsync(["pkcs7", "-print_certs", "-noout"], standardInput: read.StandardOutput);
        var control = await OpenSsl.RunAsync(["crl2pkcs7", "-nocrl", "-certfile", truncated]);
        var controlPrinted = await OpenSsl.RunAsync(["pkcs7", "-print_certs", "-noout"], standardInput: control.StandardOutput);

        Assert.AreEqual(0, read.ExitCode, read.Output);
        Assert.AreEqual(0, printed.ExitCode, printed.Output);
        var subjects = printed.StandardOutput.Split('\n').Where(l => l.StartsWith("subject=", StringComparison.Ordinal)).ToList();
        Assert.HasCount(2, subjects, printed.Output);
        StringAssert.Contains(subjects[0], "first.test");
        StringAssert.Contains(subjects[1], "second.test");
        // Negative control: glued without the newline, openssl no longer sees two certificates.
        Assert.IsLessThan(2, controlPrinted.StandardOutput.Split('\n').Count(l => l.StartsWith("subject=", StringComparison.Ordinal)), controlPrinted.Output);
    }

    [TestMethod]
    public async Task WritePfxFile_RightPassword_ReloadsAndServesTls()
    {
        using var cert = TemporaryCertificate.Create();

        var path = cert.WritePfxFile("chosen password");
        using var reloaded = X509CertificateLoader.LoadPkcs12FromFile(path, "chosen password");
        var outcome = await LoopbackTls.HandshakeAsync(reloaded, trustedRoot: cert.Certificate);

        Assert.IsTrue(reloaded.HasPrivateKey);
        Assert.AreEqual(cert.Certificate.Thumbprint, reloaded.Thumbprint);
        Assert.IsTrue(outcome.Succeeded, outcome.ToString());
    }

    [TestMethod]
    [OSCondition(ConditionMode.Exclude, OperatingSystems.Windows)]
    [UnsupportedOSPlatform("windows")]
    public async Task WritePfxFile_Written_OwnerOnlyAndOpenSslReadsItWithThatPassword()
    {
        using var cert = TemporaryCertificate.Create();

        var path = cert.WritePfxFile("chosen password");
        var right = await OpenSsl.RunAsync(["pkcs12", "-in", path, "-passin", "pass:chosen password", "-nokeys", "-clcerts"]);
        var wrong = await OpenSsl.RunAsync(["pkcs12", "-in", path, "-passin", "pass:wrong", "-nokeys", "-clcerts"]);

        Assert.AreEqual(Unix.OwnerOnlyFile, File.GetUnixFileMode(path));
        Assert.AreEqual(0, right.ExitCode, right.Output);
        StringAssert.Contains(right.StandardOutput, cert.CertificatePem.Split('\n')[1]);
        Assert.AreNotEqual(0, wrong.ExitCode, wrong.Output);
    }

    [TestMethod]
    [DataRow("wrong password")]
    [DataRow("")]
    [DataRow(null)]
    public void WritePfxFile_WrongOrNoPassword_FailsToLoad(string? password)
    {
        using var cert = TemporaryCertificate.Create();

        var path = cert.WritePfxFile("chosen password");

        Assert.ThrowsExactly<CryptographicException>(() => X509CertificateLoader.LoadPkcs12FromFile(path, password));
    }
}
