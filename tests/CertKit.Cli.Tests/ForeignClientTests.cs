namespace CertKit.Cli.Tests;

/// <summary>
/// The fixture directory works for clients that are not .NET: each trusts the fixture's CA through its .env variable alone,
/// gets its answer from <c>certkit serve</c>, and refuses a server whose certificate is from another CA or expired.
/// </summary>
[TestClass]
public sealed class ForeignClientTests
{
    [TestMethod]
    [DataRow("curl")]
    [DataRow("openssl")]
    [DataRow("python")]
    [DataRow("requests")]
    [DataRow("node")]
    public async Task ForeignClient_TrustingTheFixtureCa_GetsTheUpperCasedAnswer(string name)
    {
        var client = ForeignClient.Named(name);
        await client.RequireInstalledAsync();
        using var fixture = await Fixture.CreateAsync();
        await using var server = await CertKitTool.ServeAsync("--dir", fixture.Directory);

        var result = await client.ConnectAsync(server.Port, trusting: fixture);

        Assert.AreEqual(0, result.ExitCode, result.Output);
        StringAssert.Contains(result.StandardOutput, "HELLO");
    }

    [TestMethod]
    [DataRow("curl")]
    [DataRow("openssl")]
    [DataRow("python")]
    [DataRow("requests")]
    [DataRow("node")]
    public async Task ForeignClient_TrustingAnotherFixturesCa_RefusesTheServer(string name)
    {
        var client = ForeignClient.Named(name);
        await client.RequireInstalledAsync();
        using var fixture = await Fixture.CreateAsync();
        using var other = await Fixture.CreateAsync();
        await using var server = await CertKitTool.ServeAsync("--dir", fixture.Directory);

        var result = await client.ConnectAsync(server.Port, trusting: other);

        Assert.AreNotEqual(0, result.ExitCode, result.Output);
        StringAssert.Contains(result.Output, client.UntrustedIssuerMessage);
        Assert.DoesNotContain("HELLO", result.StandardOutput);
    }

    [TestMethod]
    [DataRow("curl")]
    [DataRow("openssl")]
    [DataRow("python")]
    [DataRow("requests")]
    [DataRow("node")]
    public async Task ForeignClient_ExpiredServerCertificate_RefusesIt(string name)
    {
        var client = ForeignClient.Named(name);
        await client.RequireInstalledAsync();
        using var expired = await Fixture.CreateAsync("--expired");
        await using var server = await CertKitTool.ServeAsync("--dir", expired.Directory);

        var result = await client.ConnectAsync(server.Port, trusting: expired);

        Assert.AreNotEqual(0, result.ExitCode, result.Output);
        StringAssert.Contains(result.Output, "certificate has expired");
        Assert.DoesNotContain("HELLO", result.StandardOutput);
    }

    [TestMethod]
    public async Task Curl_MutualTlsWithFixtureClient_Accepted_WithoutIt_Refused()
    {
        var curl = ForeignClient.Named("curl");
        await curl.RequireInstalledAsync();
        using var fixture = await Fixture.CreateAsync("--client", "alice");
        await using var server = await CertKitTool.ServeAsync("--dir", fixture.Directory, "--require-client-certificate");
        var url = $"https://localhost:{server.Port}/mutual";
        var tool = new ExternalTool("curl", "curl");

        var with = await tool.RunAsync(["-sS", "--max-time", "20", "--cert", fixture.ClientCertificateFile, "--key", fixture.ClientKeyFile, url], environment: fixture.Environment());
        var without = await tool.RunAsync(["-sS", "--max-time", "20", url], environment: fixture.Environment());

        Assert.AreEqual(0, with.ExitCode, with.Output);
        StringAssert.Contains(with.StandardOutput, "GET /MUTUAL HTTP/1.1");
        Assert.AreNotEqual(0, without.ExitCode, without.Output);
        Assert.DoesNotContain("MUTUAL", without.StandardOutput);
    }
}
