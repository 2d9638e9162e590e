using CertKit.Tests.Support;

namespace CertKit.Tests;

/// <summary>
/// The openssl command line as an independent judge: CertKit's files must satisfy a strict verifier
/// that shares no code with .NET's certificate classes.
/// </summary>
[TestClass]
public sealed class OpenSslTests
{
    public static IEnumerable<object[]> Algorithms =>
    [
        [KeyAlgorithm.EcdsaP256],
        [KeyAlgorithm.EcdsaP384],
        [KeyAlgorithm.EcdsaP521],
        [KeyAlgorithm.Rsa2048],
    ];

    [TestMethod]
    [DynamicData(nameof(Algorithms))]
    public async Task Verify_X509StrictWithHostAndAddress_Accepts(KeyAlgorithm algorithm)
    {
        using var cert = TemporaryCertificate.Create(new CertificateOptions { KeyAlgorithm = algorithm });

        var result = await OpenSsl.RunAsync(
        [
            "verify", "-x509_strict", "-purpose", "sslserver", "-verify_hostname", "localhost", "-verify_ip", "::1",
            "-CAfile", cert.WriteFiles().CertificatePath, cert.WriteFiles().CertificatePath,
        ]);

        Assert.AreEqual(0, result.ExitCode, result.Output);
        StringAssert.Contains(result.StandardOutput, ": OK");
    }

    [TestMethod]
    public async Task Verify_OtherCertificateAsTrustAnchor_Refuses()
    {
        using var cert = TemporaryCertificate.Create();
        using var stranger = TemporaryCertificate.Create();

        var result = await OpenSsl.RunAsync(["verify", "-x509_strict", "-CAfile", stranger.WriteFiles().CertificatePath, cert.WriteFiles().CertificatePath]);

        Assert.AreNotEqual(0, result.ExitCode, result.Output);
        StringAssert.Contains(result.Output, "self-signed certificate");
    }

    [TestMethod]
    public async Task Verify_HostNotListed_Refuses()
    {
        using var cert = TemporaryCertificate.Create();

        var result = await OpenSsl.RunAsync(
            ["verify", "-x509_strict", "-verify_hostname", "other.test", "-CAfile", cert.WriteFiles().CertificatePath, cert.WriteFiles().CertificatePath]);

        Assert.AreNotEqual(0, result.ExitCode, result.Output);
        StringAssert.Contains(result.Output, "hostname mismatch");
    }

    [TestMethod]
    public async Task WritePfxFile_RightPassword_OpenSslReadsAes256Pbes2WithKey()
    {
        using var cert = TemporaryCertificate.Create();

        var result = await OpenSsl.RunAsync(
            ["pkcs12", "-in", cert.WritePfxFile("chosen password"), "-passin", "pass:chosen password", "-info", "-nodes"]);

        Assert.AreEqual(0, result.ExitCode, result.Output);
        StringAssert.Contains(result.Output, "PBES2, PBKDF2, AES-256-CBC");
        StringAssert.Contains(result.Output, "MAC: sha256");
        StringAssert.Contains(result.StandardOutput, "-----BEGIN PRIVATE KEY-----");
    }

    [TestMethod]
    public async Task WritePfxFile_WrongPassword_OpenSslRefuses()
    {
        using var cert = TemporaryCertificate.Create();

        var result = await OpenSsl.RunAsync(["pkcs12", "-in", cert.WritePfxFile("chosen password"), "-passin", "pass:wrong", "-info", "-nodes"]);

        Assert.AreNotEqual(0, result.ExitCode, result.Output);
        StringAssert.Contains(result.Output, "Mac verify error");
    }

    [TestMethod]
    public async Task PrivateKeyPem_ReadByOpenSsl_MatchesCertificatePublicKey()
    {
        using var cert = TemporaryCertificate.Create();

        var fromKey = await OpenSsl.RunAsync(["pkey", "-in", cert.WriteFiles().PrivateKeyPath, "-pubout"]);
        var fromCertificate = await OpenSsl.RunAsync(["x509", "-in", cert.WriteFiles().CertificatePath, "-noout", "-pubkey"]);

        Assert.AreEqual(0, fromKey.ExitCode, fromKey.Output);
        Assert.AreEqual(fromCertificate.StandardOutput, fromKey.StandardOutput);
        StringAssert.Contains(fromKey.StandardOutput, "-----BEGIN PUBLIC KEY-----");
    }

    [TestMethod]
    public async Task SClient_TrustingTheCertificate_VerifiesAndGetsAnswer()
    {
        using var cert = TemporaryCertificate.Create();
        using var server = new ServeOnce(cert.Trust.CreateServerOptions(cert));

        var result = await SClientAsync(server, cert.WriteFiles().CertificatePath, "localhost");

        Assert.AreEqual(0, result.ExitCode, result.Output);
        StringAssert.Contains(result.StandardOutput, "Verify return code: 0 (ok)");
        StringAssert.Contains(result.StandardOutput, "HELLO");
        Assert.IsTrue(await server.Answered, "the CertKit server should have answered");
    }

    [TestMethod]
    public async Task SClient_TrustingAnotherCertificate_Refuses()
    {
        using var cert = TemporaryCertificate.Create();
        using var stranger = TemporaryCertificate.Create();
        using var server = new ServeOnce(cert.Trust.CreateServerOptions(cert));

        var result = await SClientAsync(server, stranger.WriteFiles().CertificatePath, "localhost");

        Assert.AreNotEqual(0, result.ExitCode, result.Output);
        StringAssert.Contains(result.Output, "self-signed certificate");
        Assert.DoesNotContain("HELLO", result.StandardOutput);
        Assert.IsFalse(await server.Answered);
    }

    [TestMethod]
    public async Task SClient_WrongHostName_Refuses()
    {
        using var cert = TemporaryCertificate.Create();
        using var server = new ServeOnce(cert.Trust.CreateServerOptions(cert));

        var result = await SClientAsync(server, cert.WriteFiles().CertificatePath, "other.test");

        Assert.AreNotEqual(0, result.ExitCode, result.Output);
        StringAssert.Contains(result.Output, "hostname mismatch");
        Assert.IsFalse(await server.Answered);
    }

    private static Task<ProcessResult> SClientAsync(ServeOnce server, string caFile, string host) =>
        OpenSsl.RunAsync(
        [
            "s_client", "-connect", $"127.0.0.1:{server.Port}", "-servername", host, "-verify_hostname", host,
            "-CAfile", caFile, "-verify_return_error", "-ign_eof",
        ],
        standardInput: "hello\n");
}
