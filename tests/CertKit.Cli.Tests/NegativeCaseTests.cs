namespace CertKit.Cli.Tests;

/// <summary>
/// The test of the fixture maker: ONE <c>certkit create --negative-cases</c> gives a foreign test suite its
/// accept case and its reject cases, and openssl and curl (no one here wrote them) refuse each reject case for its own
/// reason: expired as expired, not yet valid as not yet valid, the wrong host as a name mismatch, the stranger as an
/// unknown issuer. Each client trusts the fixture's ca.pem alone, through the .env variable it reads.
/// </summary>
[TestClass]
public sealed class NegativeCaseTests
{
    private static Fixture? _fixture;

    private static Fixture OneFixture => _fixture ?? throw new InvalidOperationException("the class fixture was not made");

    /// <summary>What OpenSSL (openssl verify, s_client, and curl built on it) says of each case; null for the accepted one.</summary>
    private static readonly Dictionary<string, string?> OpenSslReason = new()
    {
        ["server"] = null,
        ["expired"] = "certificate has expired",
        ["not-yet-valid"] = "certificate is not yet valid",
        ["wrong-host"] = "hostname mismatch",
        ["stranger"] = "unable to get local issuer certificate",
    };

    /// <summary>curl checks the host name itself, and says so in its own words.</summary>
    private const string CurlNameMismatch = "no alternative certificate subject name matches target host name 'localhost'";

    [ClassInitialize]
    public static async Task MakeTheFixture(TestContext context)
    {
        _ = context;
        // With an intermediate, so every case also proves that its chain file carries what a client needs.
        _fixture = await Fixture.CreateAsync("--negative-cases", "--chain-depth", "1");
    }

    [ClassCleanup]
    public static void DeleteTheFixture() => _fixture?.Dispose();

    [TestMethod]
    [DataRow("server")]
    [DataRow("expired")]
    [DataRow("not-yet-valid")]
    [DataRow("wrong-host")]
    [DataRow("stranger")]
    public async Task OpenSslVerify_EachCertificateOfOneFixture_AcceptedOrRefusedForItsOwnReason(string name)
    {
        OpenSsl.RequireInstalled();
        var file = OneFixture.PathOf(name + ".pem");

        // -untrusted: the intermediates that follow the leaf in its file, as a server sends them.
        var result = await OpenSsl.RunAsync(["verify", "-CAfile", OneFixture.CaFile, "-untrusted", file, "-verify_hostname", "localhost", file]);

        AssertOwnReason(result, OpenSslReason[name], name, OpenSslReason.Values);
        if (OpenSslReason[name] is null)
        {
            StringAssert.Contains(result.StandardOutput, $"{file}: OK");
        }
    }

    [TestMethod]
    [DataRow("openssl", "server")]
    [DataRow("openssl", "expired")]
    [DataRow("openssl", "not-yet-valid")]
    [DataRow("openssl", "wrong-host")]
    [DataRow("openssl", "stranger")]
    [DataRow("curl", "server")]
    [DataRow("curl", "expired")]
    [DataRow("curl", "not-yet-valid")]
    [DataRow("curl", "wrong-host")]
    [DataRow("curl", "stranger")]
    public async Task ForeignClient_ServeEachCertificateOfOneFixture_AcceptedOrRefusedForItsOwnReason(string clientName, string name)
    {
        var client = ForeignClient.Named(clientName);
        await client.RequireInstalledAsync();
        // certkit serve on 127.0.0.1, a port the system picks; disposing stops it by its process id (SIGTERM).
        await using var server = await CertKitTool.ServeAsync("--dir", OneFixture.Directory, "--certificate", name);

        var result = await client.ConnectAsync(server.Port, trusting: OneFixture);

        var reasons = clientName == "curl"
            ? OpenSslReason.ToDictionary(pair => pair.Key, pair => pair.Key == "wrong-host" ? CurlNameMismatch : pair.Value)
            : OpenSslReason;
        AssertOwnReason(result, reasons[name], name, reasons.Values);
        if (reasons[name] is null)
        {
            StringAssert.Contains(result.StandardOutput, "HELLO");
        }
        else
        {
            Assert.DoesNotContain("HELLO", result.StandardOutput, "no answer through a refused handshake");
        }
    }

    private static void AssertOwnReason(ProcessResult result, string? reason, string name, IEnumerable<string?> allReasons)
    {
        if (reason is null)
        {
            Assert.AreEqual(0, result.ExitCode, $"{name} is accepted: {result.Output}");
        }
        else
        {
            Assert.AreNotEqual(0, result.ExitCode, $"{name} is refused: {result.Output}");
            StringAssert.Contains(result.Output, reason, $"{name} is refused for its own reason");
        }

        foreach (var other in allReasons.Where(other => other is not null && other != reason))
        {
            Assert.DoesNotContain(other!, result.Output, $"{name} is not refused as another case is");
        }
    }
}
