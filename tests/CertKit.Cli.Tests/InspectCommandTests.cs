using System.Security.Cryptography;

namespace CertKit.Cli.Tests;

[TestClass]
public sealed class InspectCommandTests
{
    [TestMethod]
    public async Task Inspect_ServerChain_PrintsEachCertificateWithNamesKeyUsagesAndFingerprint()
    {
        using var fixture = await Fixture.CreateAsync("--chain-depth", "1", "--name", "api.example.test", "--name", "10.1.2.3");
        using var leaf = X509CertificateLoader.LoadCertificateFromFile(fixture.ServerCertificateFile);

        var result = await CertKitTool.RunAsync("inspect", fixture.ServerCertificateFile);

        Assert.AreEqual(0, result.ExitCode, result.Output);
        var output = result.StandardOutput;
        StringAssert.Contains(output, "Certificate 1 of 2 in server.pem");
        StringAssert.Contains(output, "Certificate 2 of 2 in server.pem");
        StringAssert.Contains(output, "CN=api.example.test, O=CertKit");
        StringAssert.Contains(output, "DNS:api.example.test, IP:10.1.2.3");
        StringAssert.Contains(output, "ECDSA P-256");
        StringAssert.Contains(output, "serverAuth");
        StringAssert.Contains(output, "DigitalSignature (critical)");
        // Made 5 minutes ago for 7 days: not "6 days", a day short of what is left.
        StringAssert.Contains(output, "valid (expires in 6 days 23 hours)");
        StringAssert.Contains(output, Colons(leaf.GetCertHash(HashAlgorithmName.SHA256)), "the leaf's SHA-256 fingerprint");
        StringAssert.Contains(output, "CA:                  yes (critical)", "the intermediate is a CA");
    }

    [TestMethod]
    public async Task Inspect_ClientCertificate_ShowsEmailNameAndClientAuth()
    {
        using var fixture = await Fixture.CreateAsync("--client", "alice@example.test", "--key", "rsa-2048");

        var result = await CertKitTool.RunAsync("inspect", fixture.ClientCertificateFile);

        Assert.AreEqual(0, result.ExitCode, result.Output);
        StringAssert.Contains(result.StandardOutput, "email:alice@example.test");
        StringAssert.Contains(result.StandardOutput, "clientAuth");
        StringAssert.Contains(result.StandardOutput, "RSA 2048 bits");
    }

    [TestMethod]
    public async Task Inspect_ExpiredCertificate_SaysExpired()
    {
        using var fixture = await Fixture.CreateAsync("--expired");

        var result = await CertKitTool.RunAsync("inspect", fixture.ServerCertificateFile);

        Assert.AreEqual(0, result.ExitCode, result.Output);
        StringAssert.Contains(result.StandardOutput, "EXPIRED (1 day ago)");
    }

    [TestMethod]
    [DataRow("expired.pem", "EXPIRED (1 day ago)")]
    [DataRow("not-yet-valid.pem", "NOT YET VALID (starts in 6 days 23 hours)")]
    [DataRow("server.pem", "valid (expires in 6 days 23 hours)")]
    [DataRow("ca.pem", "valid (expires in 7 days 23 hours)")]
    public async Task Inspect_NegativeCases_SaysHowLongAgoOrUntilInDaysAndHours(string file, string validity)
    {
        using var fixture = await Fixture.CreateAsync("--negative-cases");

        var result = await CertKitTool.RunAsync("inspect", fixture.PathOf(file));

        Assert.AreEqual(0, result.ExitCode, result.Output);
        StringAssert.Contains(result.StandardOutput, $"Validity now:        {validity}\n");
    }

    [TestMethod]
    public async Task Inspect_Directory_ExitTwoSayingItIsADirectory()
    {
        using var fixture = await Fixture.CreateAsync();

        var result = await CertKitTool.RunAsync("inspect", fixture.Directory);

        Assert.AreEqual(2, result.ExitCode, result.Output);
        StringAssert.Contains(result.StandardError, $"certkit: {fixture.Directory} is a directory; give a certificate file in it, such as {fixture.ServerCertificateFile}.");
        Assert.DoesNotContain("denied", result.Output, "not a permission problem");
    }

    [TestMethod]
    public async Task Inspect_PfxWithPassword_ReadsIt_AndWithoutPassword_ExitOneAskingForIt()
    {
        using var fixture = await Fixture.CreateAsync();
        using var server = X509Certificate2.CreateFromPemFile(fixture.ServerCertificateFile, fixture.ServerKeyFile);
        var pfx = fixture.PathOf("server.pfx");
        await File.WriteAllBytesAsync(pfx, server.Export(X509ContentType.Pkcs12, "s3cret"));

        var withPassword = await CertKitTool.RunAsync("inspect", pfx, "--password", "s3cret");
        var withoutPassword = await CertKitTool.RunAsync("inspect", pfx);

        Assert.AreEqual(0, withPassword.ExitCode, withPassword.Output);
        StringAssert.Contains(withPassword.StandardOutput, "CN=localhost, O=CertKit");
        Assert.AreEqual(1, withoutPassword.ExitCode, withoutPassword.Output);
        StringAssert.Contains(withoutPassword.StandardError, "--password");
    }

    [TestMethod]
    public async Task Inspect_DerFile_ReadsIt()
    {
        using var fixture = await Fixture.CreateAsync();
        using var ca = X509CertificateLoader.LoadCertificateFromFile(fixture.CaFile);
        var der = fixture.PathOf("ca.der");
        await File.WriteAllBytesAsync(der, ca.RawData);

        var result = await CertKitTool.RunAsync("inspect", der);

        Assert.AreEqual(0, result.ExitCode, result.Output);
        StringAssert.Matches(result.StandardOutput, new System.Text.RegularExpressions.Regex(@"CN=CertKit Fixture Root CA [0-9A-F]{8}, O=CertKit \(self-issued\)"));
    }

    [TestMethod]
    public async Task Inspect_PrivateKeyFile_ExitOneSayingItIsAKey()
    {
        using var fixture = await Fixture.CreateAsync();

        var result = await CertKitTool.RunAsync("inspect", fixture.ServerKeyFile);

        Assert.AreEqual(1, result.ExitCode, result.Output);
        StringAssert.Contains(result.StandardError, "server.key holds a private key, not a certificate");
    }

    [TestMethod]
    [DataRow("")]
    [DataRow("hello, not a certificate")]
    public async Task Inspect_NotACertificate_ExitOneNamingTheFile(string content)
    {
        using var scratch = new ScratchDirectory();
        var file = scratch.PathOf("junk.crt");
        await File.WriteAllTextAsync(file, content);

        var result = await CertKitTool.RunAsync("inspect", file);

        Assert.AreEqual(1, result.ExitCode, result.Output);
        StringAssert.Contains(result.StandardError, "junk.crt");
        Assert.DoesNotContain("   at ", result.Output, "a message, not a stack trace");
    }

    [TestMethod]
    [DataRow("MIIBroken", "only 0 could be read")]
    [DataRow("AAAA", "not a certificate")]
    [DataRow(null, "only 1 could be read")]
    public async Task Inspect_DamagedPem_ExitOneNamingTheFile(string? body, string message)
    {
        using var fixture = await Fixture.CreateAsync("--chain-depth", "1");
        var chain = await File.ReadAllTextAsync(fixture.ServerCertificateFile);
        var damaged = fixture.PathOf("damaged.pem");
        // null: the chain cut off in the middle of its second certificate.
        await File.WriteAllTextAsync(damaged, body is null
            ? chain[..(chain.LastIndexOf("-----BEGIN CERTIFICATE-----", StringComparison.Ordinal) + 60)]
            : $"-----BEGIN CERTIFICATE-----\n{body}\n-----END CERTIFICATE-----\n");

        var result = await CertKitTool.RunAsync("inspect", damaged);

        Assert.AreEqual(1, result.ExitCode, result.Output);
        StringAssert.Contains(result.StandardError, "damaged.pem");
        StringAssert.Contains(result.StandardError, message);
        Assert.DoesNotContain("   at ", result.Output, "a message, not a stack trace");
    }

    [TestMethod]
    public async Task Inspect_MissingFile_ExitTwoNamingIt()
    {
        var result = await CertKitTool.RunAsync("inspect", "/nonexistent/certkit.pem");

        Assert.AreEqual(2, result.ExitCode, result.Output);
        StringAssert.Contains(result.StandardError, "/nonexistent/certkit.pem");
    }

    private static string Colons(byte[] hash) => string.Join(':', hash.Select(b => b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture)));
}
