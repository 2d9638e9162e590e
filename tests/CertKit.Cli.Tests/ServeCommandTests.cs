using System.Security.Authentication;

namespace CertKit.Cli.Tests;

[TestClass]
public sealed class ServeCommandTests
{
    [TestMethod]
    public async Task Serve_Fixture_ClientTrustingItsCaGetsTheLineUpperCased()
    {
        using var fixture = await Fixture.CreateAsync();
        await using var server = await CertKitTool.ServeAsync("--dir", fixture.Directory);

        var answer = await EchoClient.SendAsync(server.Port, fixture.CaFile, "hello");

        Assert.AreEqual("HELLO", answer);
    }

    [TestMethod]
    public async Task Serve_Fixture_ClientTrustingAnotherCaIsRefused()
    {
        using var fixture = await Fixture.CreateAsync();
        using var other = await Fixture.CreateAsync();
        await using var server = await CertKitTool.ServeAsync("--dir", fixture.Directory);

        await Assert.ThrowsExactlyAsync<AuthenticationException>(() => EchoClient.SendAsync(server.Port, other.CaFile, "hello"));
    }

    [TestMethod]
    public async Task Serve_ChainDepthTwo_SendsTheIntermediatesSoTheClientNeedsOnlyTheRoot()
    {
        using var fixture = await Fixture.CreateAsync("--chain-depth", "2");
        await using var server = await CertKitTool.ServeAsync("--dir", fixture.Directory);

        var answer = await EchoClient.SendAsync(server.Port, fixture.CaFile, "chain");

        Assert.AreEqual("CHAIN", answer);
    }

    [TestMethod]
    public async Task Serve_RequireClientCertificate_AcceptsTheFixtureClientAndRefusesNone()
    {
        using var fixture = await Fixture.CreateAsync("--client", "alice");
        using var client = X509Certificate2.CreateFromPemFile(fixture.ClientCertificateFile, fixture.ClientKeyFile);
        await using var server = await CertKitTool.ServeAsync("--dir", fixture.Directory, "--require-client-certificate");

        var withCertificate = await EchoClient.SendAsync(server.Port, fixture.CaFile, "mutual", client);
        var withoutRefused = await Refused(() => EchoClient.SendAsync(server.Port, fixture.CaFile, "anonymous"));

        Assert.AreEqual("MUTUAL", withCertificate);
        Assert.IsTrue(withoutRefused, "a client without a certificate gets no answer");
    }

    [TestMethod]
    public async Task Serve_RequireClientCertificateWithChain_AcceptsAClientSendingOnlyItsLeaf()
    {
        using var fixture = await Fixture.CreateAsync("--client", "alice", "--chain-depth", "1");
        // CreateFromPemFile keeps the first certificate of client.pem: the client sends its leaf and no intermediate.
        using var client = X509Certificate2.CreateFromPemFile(fixture.ClientCertificateFile, fixture.ClientKeyFile);
        using var stranger = await Fixture.CreateAsync("--client", "mallory", "--chain-depth", "1");
        using var strangerClient = X509Certificate2.CreateFromPemFile(stranger.ClientCertificateFile, stranger.ClientKeyFile);
        await using var server = await CertKitTool.ServeAsync("--dir", fixture.Directory, "--require-client-certificate");

        var answer = await EchoClient.SendAsync(server.Port, fixture.CaFile, "chained", client);
        var strangerRefused = await Refused(() => EchoClient.SendAsync(server.Port, fixture.CaFile, "stranger", strangerClient));

        Assert.AreEqual("CHAINED", answer);
        Assert.IsTrue(strangerRefused, "a leaf under another fixture's intermediate is still refused");
    }

    [TestMethod]
    public async Task Serve_RequireClientCertificate_RefusesAClientCertificateFromAnotherCa()
    {
        using var fixture = await Fixture.CreateAsync("--client", "alice");
        using var stranger = await Fixture.CreateAsync("--client", "mallory");
        using var strangerClient = X509Certificate2.CreateFromPemFile(stranger.ClientCertificateFile, stranger.ClientKeyFile);
        await using var server = await CertKitTool.ServeAsync("--dir", fixture.Directory, "--require-client-certificate");

        var refused = await Refused(() => EchoClient.SendAsync(server.Port, fixture.CaFile, "stranger", strangerClient));

        Assert.IsTrue(refused, "a client certificate from another CA gets no answer");
    }

    [TestMethod]
    public async Task Serve_NoDir_ServesAFreshCaWhoseFileIsDeletedOnSigterm()
    {
        string caFile;
        RunningServer stopped;
        await using (var server = await CertKitTool.ServeAsync())
        {
            caFile = server.Output.Select(line => line.Split("Trust this CA: ", 2)).Single(parts => parts.Length == 2)[1];
            Assert.AreEqual("FRESH", await EchoClient.SendAsync(server.Port, caFile, "fresh"));
            stopped = server;
        }

        Assert.AreEqual(0, stopped.ExitCode, stopped.StandardError);
        Assert.IsFalse(File.Exists(caFile), $"{caFile} outlived the server");
        Assert.IsFalse(Directory.Exists(Path.GetDirectoryName(caFile)), "the temporary directory is gone");
    }

    [TestMethod]
    public async Task Serve_Sigterm_ExitsZeroAndSaysHowManyItAnswered()
    {
        using var fixture = await Fixture.CreateAsync();
        var server = await CertKitTool.ServeAsync("--dir", fixture.Directory);
        try
        {
            await EchoClient.SendAsync(server.Port, fixture.CaFile, "one");
        }
        finally
        {
            await server.DisposeAsync();
        }

        Assert.AreEqual(0, server.ExitCode, server.StandardError);
        CollectionAssert.Contains(server.Output, "Stopped after 1 answered connections.");
    }

    [TestMethod]
    public async Task Serve_DirWithoutFixture_ExitTwoNamingTheMissingFile()
    {
        using var scratch = new ScratchDirectory();
        var result = await CertKitTool.RunAsync("serve", "--dir", scratch.Path);

        Assert.AreEqual(2, result.ExitCode, result.Output);
        StringAssert.Contains(result.StandardError, "server.pem");
        StringAssert.Contains(result.StandardError, "certkit create --dir");
    }

    [TestMethod]
    public async Task Serve_PortOutOfRange_ExitTwo()
    {
        var result = await CertKitTool.RunAsync("serve", "--port", "70000");

        Assert.AreEqual(2, result.ExitCode, result.Output);
        StringAssert.Contains(result.StandardError, "--port 70000");
    }

    [TestMethod]
    public async Task Serve_CertificateExpired_PresentsExpiredPemWhichATrustingClientRefuses_AndServerStillAccepted()
    {
        using var fixture = await Fixture.CreateAsync("--negative-cases");
        await using var expired = await CertKitTool.ServeAsync("--dir", fixture.Directory, "--certificate", "expired");
        await using var server = await CertKitTool.ServeAsync("--dir", fixture.Directory, "--certificate", "server");

        var refused = await Assert.ThrowsExactlyAsync<AuthenticationException>(() => EchoClient.SendAsync(expired.Port, fixture.CaFile, "late"));
        var answer = await EchoClient.SendAsync(server.Port, fixture.CaFile, "on time");

        StringAssert.Contains(refused.Message, "NotTimeValid");
        CollectionAssert.Contains(expired.Output, $"Certificate: {fixture.PathOf("expired.pem")}");
        CollectionAssert.Contains(expired.Output, $"Clients trusting {fixture.CaFile} must refuse it as expired (OpenSSL: certificate has expired).");
        Assert.AreEqual("ON TIME", answer);
    }

    [TestMethod]
    [DataRow(new[] { "--certificate", "expired" }, "--certificate expired needs --dir")]
    [DataRow(new[] { "--certificate", "revoked" }, "--certificate 'revoked' is not one of server, expired, not-yet-valid, wrong-host or stranger.")]
    public async Task Serve_BadCertificate_ExitTwo(string[] arguments, string message)
    {
        var result = await CertKitTool.RunAsync(["serve", .. arguments]);

        Assert.AreEqual(2, result.ExitCode, result.Output);
        StringAssert.Contains(result.StandardError, message);
    }

    [TestMethod]
    public async Task Serve_StrangerWithRequireClientCertificate_ExitTwo()
    {
        using var fixture = await Fixture.CreateAsync("--negative-cases");

        var result = await CertKitTool.RunAsync("serve", "--dir", fixture.Directory, "--certificate", "stranger", "--require-client-certificate");

        Assert.AreEqual(2, result.ExitCode, result.Output);
        StringAssert.Contains(result.StandardError, "--certificate stranger cannot be combined with --require-client-certificate");
    }

    [TestMethod]
    public async Task Serve_NegativeCaseOfAFixtureWithout_ExitTwoSayingHowToMakeIt()
    {
        using var fixture = await Fixture.CreateAsync();

        var result = await CertKitTool.RunAsync("serve", "--dir", fixture.Directory, "--certificate", "wrong-host");

        Assert.AreEqual(2, result.ExitCode, result.Output);
        StringAssert.Contains(result.StandardError, $"has no wrong-host.pem; make the fixture again with 'certkit create --dir {fixture.Directory} --negative-cases --force'.");
    }

    /// <summary>Whether the server refused: a failed handshake, or (TLS 1.3 learns of it only on reading) no answer.</summary>
    private static async Task<bool> Refused(Func<Task<string?>> send)
    {
        try
        {
            return await send() is null;
        }
        catch (Exception e) when (e is AuthenticationException or IOException)
        {
            return true;
        }
    }
}
