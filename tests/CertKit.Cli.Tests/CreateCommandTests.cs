using System.Security.Cryptography;

namespace CertKit.Cli.Tests;

[TestClass]
public sealed class CreateCommandTests
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode Public = OwnerOnly | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    [TestMethod]
    public async Task Create_Defaults_WritesCaServerChainKeyAndEnvFile()
    {
        using var fixture = await Fixture.CreateAsync();

        CollectionAssert.AreEquivalent(
            new[] { ".env", "ca.pem", "server.key", "server.pem" },
            Directory.GetFiles(fixture.Directory).Select(Path.GetFileName).ToArray());
        Assert.AreEqual(OwnerOnly, File.GetUnixFileMode(fixture.ServerKeyFile), "private keys are owner-only");
        // Certificates are created 0644; the umask may take more away, never add.
        foreach (var certificate in new[] { fixture.CaFile, fixture.ServerCertificateFile })
        {
            var mode = File.GetUnixFileMode(certificate);
            Assert.AreEqual(OwnerOnly, mode & OwnerOnly, certificate);
            Assert.AreEqual((UnixFileMode)0, mode & ~Public, $"{certificate} is {mode}");
        }
    }

    [TestMethod]
    public async Task Create_Defaults_ServerCertificateChainsToCaForLocalhostWithItsKey()
    {
        using var fixture = await Fixture.CreateAsync();
        using var server = X509Certificate2.CreateFromPemFile(fixture.ServerCertificateFile, fixture.ServerKeyFile);
        using var ca = X509CertificateLoader.LoadCertificateFromFile(fixture.CaFile);

        Assert.IsTrue(server.HasPrivateKey);
        Assert.IsTrue(server.MatchesHostname("localhost"));
        Assert.IsTrue(server.MatchesHostname("127.0.0.1"));
        Assert.IsFalse(server.MatchesHostname("example.com"));
        Assert.AreEqual(0, ChainStatus(server, ca, []).Length, "the server certificate chains to ca.pem");
        Assert.AreEqual(ca.Subject, ca.Issuer, "ca.pem is the self-signed root");
    }

    [TestMethod]
    public async Task Create_Defaults_EnvFilePointsEveryClientAtTheAbsoluteCaPath()
    {
        using var fixture = await Fixture.CreateAsync();

        var environment = fixture.Environment();

        foreach (var name in new[] { "SSL_CERT_FILE", "REQUESTS_CA_BUNDLE", "NODE_EXTRA_CA_CERTS", "CURL_CA_BUNDLE", "CERTKIT_CA_FILE" })
        {
            Assert.AreEqual(fixture.CaFile, environment[name], name);
        }

        Assert.AreEqual(fixture.ServerCertificateFile, environment["CERTKIT_SERVER_CERT_FILE"]);
        Assert.AreEqual(fixture.ServerKeyFile, environment["CERTKIT_SERVER_KEY_FILE"]);
        Assert.IsFalse(environment.ContainsKey("CERTKIT_CLIENT_CERT_FILE"), "no client was asked for");
    }

    [TestMethod]
    public async Task Create_EnvDir_EnvFilePointsThereInsteadOfTheDirectory()
    {
        using var fixture = await Fixture.CreateAsync("--env-dir", "/certs");

        var environment = fixture.Environment();

        Assert.AreEqual("/certs/ca.pem", environment["SSL_CERT_FILE"]);
        Assert.AreEqual("/certs/server.key", environment["CERTKIT_SERVER_KEY_FILE"]);
    }

    [TestMethod]
    public async Task Create_ChainDepthTwo_ServerPemHoldsLeafThenBothIntermediates()
    {
        using var fixture = await Fixture.CreateAsync("--chain-depth", "2");
        var chain = new X509Certificate2Collection();
        chain.ImportFromPemFile(fixture.ServerCertificateFile);
        using var ca = X509CertificateLoader.LoadCertificateFromFile(fixture.CaFile);

        Assert.HasCount(3, chain);
        Assert.AreEqual("CN=localhost, O=CertKit", chain[0].Subject);
        Assert.AreEqual(chain[1].Subject, chain[0].Issuer, "the issuing intermediate follows the leaf");
        Assert.AreEqual(chain[2].Subject, chain[1].Issuer);
        Assert.AreEqual(ca.Subject, chain[2].Issuer);
        Assert.AreEqual(0, ChainStatus(chain[0], ca, [chain[1], chain[2]]).Length);
        Assert.AreNotEqual(0, ChainStatus(chain[0], ca, []).Length, "without the intermediates of server.pem the chain is incomplete");
    }

    [TestMethod]
    [DataRow("ecdsa-p384", "ECDSA", 384)]
    [DataRow("rsa-3072", "RSA", 3072)]
    public async Task Create_Key_EveryCertificateUsesThatAlgorithm(string key, string family, int bits)
    {
        using var fixture = await Fixture.CreateAsync("--key", key, "--client", "alice", "--chain-depth", "1");

        foreach (var file in new[] { fixture.CaFile, fixture.ServerCertificateFile, fixture.ClientCertificateFile })
        {
            var certificates = new X509Certificate2Collection();
            certificates.ImportFromPemFile(file);
            foreach (var certificate in certificates)
            {
                using AsymmetricAlgorithm? publicKey = family == "RSA" ? certificate.GetRSAPublicKey() : certificate.GetECDsaPublicKey();
                Assert.IsNotNull(publicKey, $"{certificate.Subject} in {Path.GetFileName(file)} has no {family} key");
                Assert.AreEqual(bits, publicKey.KeySize, certificate.Subject);
            }
        }
    }

    [TestMethod]
    public async Task Create_Days30_LeafValidFor30Days()
    {
        using var fixture = await Fixture.CreateAsync("--days", "30");
        using var server = X509CertificateLoader.LoadCertificateFromFile(fixture.ServerCertificateFile);

        var lifetime = server.NotAfter - server.NotBefore;

        Assert.AreEqual(TimeSpan.FromDays(30), lifetime);
        Assert.IsTrue(server.NotBefore < DateTime.Now && server.NotBefore > DateTime.Now.AddMinutes(-10), "valid from a few minutes ago");
    }

    [TestMethod]
    public async Task Create_DaysWithChainDepth_EveryCertificateGetsExactlyThoseDays()
    {
        using var fixture = await Fixture.CreateAsync("--days", "365", "--chain-depth", "2", "--client", "alice");

        foreach (var file in new[] { fixture.CaFile, fixture.ServerCertificateFile, fixture.ClientCertificateFile })
        {
            var certificates = new X509Certificate2Collection();
            certificates.ImportFromPemFile(file);
            foreach (var certificate in certificates)
            {
                Assert.AreEqual(TimeSpan.FromDays(365), certificate.NotAfter - certificate.NotBefore, $"{certificate.Subject} in {Path.GetFileName(file)}");
            }
        }
    }

    [TestMethod]
    public async Task Create_PemFiles_EachEndsWithANewlineSoCatOfCaAndServerIsTwoCertificatesToOpenSsl()
    {
        OpenSsl.RequireInstalled();
        using var fixture = await Fixture.CreateAsync("--client", "alice");
        var cat = new ExternalTool("cat", "coreutils");

        foreach (var file in new[] { fixture.CaFile, fixture.ServerCertificateFile, fixture.ServerKeyFile, fixture.ClientCertificateFile, fixture.ClientKeyFile })
        {
            var bytes = await File.ReadAllBytesAsync(file);
            Assert.AreEqual((byte)'\n', bytes[^1], $"{Path.GetFileName(file)} ends with a newline");
        }

        var concatenated = await cat.RunAsync([fixture.CaFile, fixture.ServerCertificateFile]);
        Assert.AreEqual(0, concatenated.ExitCode, concatenated.Output);
        var bundle = fixture.PathOf("bundle.pem");
        await File.WriteAllTextAsync(bundle, concatenated.StandardOutput);
        var read = await OpenSsl.RunAsync(["storeutl", "-noout", "-certs", bundle]);

        // Negative control: the same files, ca.pem without its last newline, glue two PEM lines into one that OpenSSL refuses.
        var unterminated = fixture.PathOf("unterminated.pem");
        await File.WriteAllTextAsync(unterminated, (await File.ReadAllTextAsync(fixture.CaFile)).TrimEnd('\n') + await File.ReadAllTextAsync(fixture.ServerCertificateFile));
        var glued = await OpenSsl.RunAsync(["storeutl", "-noout", "-certs", unterminated]);

        Assert.AreEqual(0, read.ExitCode, read.Output);
        StringAssert.Contains(read.StandardOutput, "Total found: 2");
        Assert.AreNotEqual(0, glued.ExitCode, glued.Output);
        Assert.DoesNotContain("Total found: 2", glued.StandardOutput);
    }

    [TestMethod]
    public async Task Create_ClientUriWithSpecialCharacters_QuotedInTheSubject()
    {
        using var fixture = await Fixture.CreateAsync("--client", "spiffe://example.test/billing?tier=gold");
        using var client = X509CertificateLoader.LoadCertificateFromFile(fixture.ClientCertificateFile);

        Assert.AreEqual("spiffe://example.test/billing?tier=gold", client.GetNameInfo(X509NameType.SimpleName, forIssuer: false));
        var names = client.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single();
        StringAssert.Contains(names.Format(multiLine: false), "spiffe://example.test/billing?tier=gold", "the URI is also the subject alternative name");
    }

    [TestMethod]
    [DataRow("--expired", DisplayName = "--expired with --negative-cases")]
    [DataRow("--name", "wrong-host.invalid", DisplayName = "--name wrong-host.invalid with --negative-cases")]
    public async Task Create_NegativeCasesThatWouldLie_ExitTwoWritingNothing(params string[] contradiction)
    {
        using var scratch = new ScratchDirectory();
        var directory = scratch.PathOf("fixture");

        var refused = await CertKitTool.RunAsync(["create", "--dir", directory, "--negative-cases", .. contradiction]);
        var control = await CertKitTool.RunAsync(["create", "--dir", scratch.PathOf("control"), .. contradiction]);

        Assert.AreEqual(2, refused.ExitCode, refused.Output);
        StringAssert.Contains(refused.StandardError, "--negative-cases");
        Assert.IsFalse(File.Exists(Path.Combine(directory, "ca.pem")), "refused before writing");
        Assert.AreEqual(0, control.ExitCode, "without --negative-cases the same option is fine: " + control.Output);
    }

    [TestMethod]
    public async Task Create_DirWithSpace_ExitTwoUnlessEnvDirIsGiven()
    {
        using var scratch = new ScratchDirectory();
        var directory = scratch.PathOf("my certs");

        var refused = await CertKitTool.RunAsync("create", "--dir", directory);
        var writtenWhenRefused = File.Exists(Path.Combine(directory, "ca.pem"));
        var accepted = await CertKitTool.RunAsync("create", "--dir", directory, "--env-dir", "/certs");

        Assert.AreEqual(2, refused.ExitCode, refused.Output);
        StringAssert.Contains(refused.StandardError, "--env-dir");
        Assert.IsFalse(writtenWhenRefused, "refused before writing");
        Assert.AreEqual(0, accepted.ExitCode, accepted.Output);
        StringAssert.Contains(await File.ReadAllTextAsync(Path.Combine(directory, ".env")), "SSL_CERT_FILE=/certs/ca.pem\n");
    }

    [TestMethod]
    [DataRow("")]
    [DataRow("certs")]
    public async Task Create_EnvDirNotAbsolute_ExitTwo(string envDir)
    {
        using var scratch = new ScratchDirectory();
        var result = await CertKitTool.RunAsync("create", "--dir", scratch.PathOf("fixture"), "--env-dir", envDir);

        Assert.AreEqual(2, result.ExitCode, result.Output);
        StringAssert.Contains(result.StandardError, $"--env-dir '{envDir}' is not an absolute path");
    }

    [TestMethod]
    public async Task Create_Expired_LeafExpiredUnderAValidCa()
    {
        using var fixture = await Fixture.CreateAsync("--expired");
        using var server = X509CertificateLoader.LoadCertificateFromFile(fixture.ServerCertificateFile);
        using var ca = X509CertificateLoader.LoadCertificateFromFile(fixture.CaFile);

        Assert.IsTrue(server.NotAfter < DateTime.Now, $"server NotAfter {server.NotAfter:O} is in the past");
        Assert.IsTrue(ca.NotBefore < server.NotBefore && ca.NotAfter > DateTime.Now, "the CA itself is valid and holds the leaf's validity");
        var status = ChainStatus(server, ca, []);
        CollectionAssert.AreEqual(new[] { X509ChainStatusFlags.NotTimeValid }, status.Select(s => s.Status).ToArray(), "expired is the only problem");
    }

    [TestMethod]
    public async Task Create_TwoRuns_NoAuthorityNameShared_SoOpenSslCallsTheOtherFixturesServerAnUnknownIssuer()
    {
        var openssl = ForeignClient.Named("openssl");
        await openssl.RequireInstalledAsync();
        using var a = await Fixture.CreateAsync("--chain-depth", "1");
        using var b = await Fixture.CreateAsync("--chain-depth", "1");
        await using var server = await CertKitTool.ServeAsync("--dir", b.Directory);

        var shown = await openssl.ConnectAsync(server.Port, trusting: a);

        var authoritiesOfA = AuthoritySubjects(a);
        var authoritiesOfB = AuthoritySubjects(b);
        Assert.HasCount(2, authoritiesOfA, "a root and an intermediate");
        Assert.IsFalse(authoritiesOfA.Overlaps(authoritiesOfB), $"{string.Join("; ", authoritiesOfA)} against {string.Join("; ", authoritiesOfB)}");
        // A root of the same name would be a candidate issuer whose key does not fit: a signature failure, the wrong reason.
        Assert.AreNotEqual(0, shown.ExitCode, shown.Output);
        StringAssert.Contains(shown.Output, "unable to get local issuer certificate");
        Assert.DoesNotContain("signature", shown.Output);
        Assert.DoesNotContain("HELLO", shown.StandardOutput);
    }

    [TestMethod]
    public async Task Create_NegativeCases_WritesEachCaseBesideTheValidFixtureWithOwnerOnlyKeysAndEnvEntries()
    {
        using var fixture = await Fixture.CreateAsync("--negative-cases", "--client", "alice");

        string[] negative = ["expired.pem", "expired.key", "not-yet-valid.pem", "not-yet-valid.key", "wrong-host.pem", "wrong-host.key", "stranger-ca.pem", "stranger.pem", "stranger.key"];
        CollectionAssert.AreEquivalent(
            (string[])[".env", "ca.pem", "server.pem", "server.key", "client.pem", "client.key", .. negative],
            Directory.GetFiles(fixture.Directory).Select(Path.GetFileName).ToArray());
        foreach (var file in negative)
        {
            var mode = File.GetUnixFileMode(fixture.PathOf(file));
            // Keys are owner-only; certificates are created 0644, and the umask may take more away, never add.
            Assert.AreEqual(OwnerOnly, mode & (file.EndsWith(".key", StringComparison.Ordinal) ? ~(UnixFileMode)0 : OwnerOnly), $"{file} is {mode}");
            Assert.AreEqual((UnixFileMode)0, mode & ~Public, $"{file} is {mode}");
            Assert.AreEqual((byte)'\n', (await File.ReadAllBytesAsync(fixture.PathOf(file)))[^1], $"{file} ends with a newline");
        }

        var environment = fixture.Environment();
        var variables = new Dictionary<string, string>
        {
            ["CERTKIT_EXPIRED_CERT_FILE"] = "expired.pem",
            ["CERTKIT_EXPIRED_KEY_FILE"] = "expired.key",
            ["CERTKIT_NOT_YET_VALID_CERT_FILE"] = "not-yet-valid.pem",
            ["CERTKIT_NOT_YET_VALID_KEY_FILE"] = "not-yet-valid.key",
            ["CERTKIT_WRONG_HOST_CERT_FILE"] = "wrong-host.pem",
            ["CERTKIT_WRONG_HOST_KEY_FILE"] = "wrong-host.key",
            ["CERTKIT_STRANGER_CA_FILE"] = "stranger-ca.pem",
            ["CERTKIT_STRANGER_CERT_FILE"] = "stranger.pem",
            ["CERTKIT_STRANGER_KEY_FILE"] = "stranger.key",
            // The variables of a fixture without negative cases stay as they were.
            ["SSL_CERT_FILE"] = "ca.pem",
            ["CERTKIT_SERVER_CERT_FILE"] = "server.pem",
            ["CERTKIT_CLIENT_KEY_FILE"] = "client.key",
        };
        foreach (var (name, file) in variables)
        {
            Assert.AreEqual(fixture.PathOf(file), environment[name], name);
        }
    }

    [TestMethod]
    public async Task Create_NegativeCases_EachDiffersFromTheServerCertificateInItsOneWay()
    {
        using var fixture = await Fixture.CreateAsync("--negative-cases", "--chain-depth", "1");
        using var ca = X509CertificateLoader.LoadCertificateFromFile(fixture.CaFile);
        var server = Chain(fixture.ServerCertificateFile);
        var expired = Chain(fixture.PathOf("expired.pem"));
        var notYetValid = Chain(fixture.PathOf("not-yet-valid.pem"));
        var wrongHost = Chain(fixture.PathOf("wrong-host.pem"));
        var stranger = Chain(fixture.PathOf("stranger.pem"));
        using var strangerCa = X509CertificateLoader.LoadCertificateFromFile(fixture.PathOf("stranger-ca.pem"));

        Assert.AreEqual(TimeSpan.FromDays(7), server[0].NotAfter - server[0].NotBefore, "server.pem keeps exactly --days");
        Assert.AreEqual(0, ChainStatus(server[0], ca, [server[1]]).Length, "server.pem is valid");

        // Under the same root, through the same intermediate; the root holds the expired and the not-yet-valid leaf.
        foreach (var chain in new[] { expired, notYetValid, wrongHost })
        {
            Assert.AreEqual(server[1].Thumbprint, chain[1].Thumbprint, $"{chain[0].Subject} is issued by server.pem's intermediate");
        }

        Assert.IsTrue(ca.NotBefore <= expired[0].NotBefore && ca.NotAfter >= notYetValid[0].NotAfter, "ca.pem holds every case's validity");
        Assert.IsTrue(expired[0].NotAfter < DateTime.Now, "expired.pem has expired");
        CollectionAssert.AreEqual(new[] { X509ChainStatusFlags.NotTimeValid }, ChainStatus(expired[0], ca, [expired[1]]).Select(s => s.Status).ToArray(), "expired is its only problem");
        Assert.AreEqual(server[0].NotAfter, notYetValid[0].NotBefore, "not-yet-valid.pem starts when server.pem ends");
        CollectionAssert.AreEqual(new[] { X509ChainStatusFlags.NotTimeValid }, ChainStatus(notYetValid[0], ca, [notYetValid[1]]).Select(s => s.Status).ToArray(), "not yet valid is its only problem");
        Assert.AreEqual(0, ChainStatus(wrongHost[0], ca, [wrongHost[1]]).Length, "wrong-host.pem chains and is in date");
        Assert.IsTrue(server[0].MatchesHostname("localhost") && !wrongHost[0].MatchesHostname("localhost") && !wrongHost[0].MatchesHostname("127.0.0.1"));
        Assert.IsTrue(wrongHost[0].MatchesHostname("wrong-host.invalid"));
        foreach (var chain in new[] { expired, notYetValid, stranger })
        {
            Assert.IsTrue(chain[0].MatchesHostname("localhost") && chain[0].MatchesHostname("127.0.0.1"), $"{chain[0].Subject} has server.pem's names");
        }

        Assert.HasCount(1, stranger, "the stranger's CA issued it directly");
        Assert.AreNotEqual(ca.Subject, strangerCa.Subject);
        Assert.AreEqual(strangerCa.Subject, stranger[0].Issuer);
        Assert.AreEqual(0, ChainStatus(stranger[0], strangerCa, []).Length, "stranger.pem is valid under stranger-ca.pem");
        Assert.AreNotEqual(0, ChainStatus(stranger[0], ca, []).Length, "and not under ca.pem");
    }

    [TestMethod]
    public async Task Create_ForceWithoutNegativeCases_RemovesTheOlderFixturesNegativeFiles()
    {
        using var fixture = await Fixture.CreateAsync("--negative-cases");

        var again = await CertKitTool.RunAsync("create", "--dir", fixture.Directory, "--force");

        Assert.AreEqual(0, again.ExitCode, again.Output);
        CollectionAssert.AreEquivalent(
            new[] { ".env", "ca.pem", "server.key", "server.pem" },
            Directory.GetFiles(fixture.Directory).Select(Path.GetFileName).ToArray(),
            "an expired.pem from the replaced CA would be left next to the new one");
        Assert.IsFalse(fixture.Environment().ContainsKey("CERTKIT_EXPIRED_CERT_FILE"));
    }

    [TestMethod]
    public async Task Create_StandardErrorRedirected_PrintsNoProgress()
    {
        using var scratch = new ScratchDirectory();

        var result = await CertKitTool.RunAsync("create", "--dir", scratch.PathOf("fixture"), "--key", "rsa-2048", "--chain-depth", "2");

        Assert.AreEqual(0, result.ExitCode, result.Output);
        StringAssert.StartsWith(result.StandardOutput, "Wrote 4 files to ");
        Assert.AreEqual("", result.StandardError, "a script, a CI log or a test reading standard error gets no progress");
    }

    [TestMethod]
    public async Task Create_StandardErrorOnATerminal_ShowsProgressOnOneLineThenWipesIt()
    {
        using var scratch = new ScratchDirectory();
        var standardOutput = scratch.PathOf("stdout.txt");

        var terminal = await CertKitTool.RunInTerminalAsync(standardOutput, "create", "--dir", scratch.PathOf("fixture"), "--key", "rsa-2048", "--chain-depth", "2");

        Assert.AreEqual(0, terminal.ExitCode, terminal.Output);
        var shown = terminal.StandardOutput;
        StringAssert.Contains(shown, "\rcertkit: making rsa-2048 keys: 0 of 4 done");
        StringAssert.Contains(shown, "\rcertkit: making rsa-2048 keys: 4 of 4 done");
        StringAssert.Contains(shown, "\rcertkit: signing the certificates");
        Assert.DoesNotContain("\n", shown, "the progress rewrites one line and leaves none behind");
        StringAssert.Matches(shown, new System.Text.RegularExpressions.Regex(@"\r +\r$"), "the line is wiped with spaces at the end");
        StringAssert.StartsWith(await File.ReadAllTextAsync(standardOutput), "Wrote 4 files to ", "standard output is the same as without a terminal");
    }

    private static HashSet<string> AuthoritySubjects(Fixture fixture)
    {
        var subjects = new HashSet<string>(Chain(fixture.ServerCertificateFile).Skip(1).Select(certificate => certificate.Subject));
        using var root = X509CertificateLoader.LoadCertificateFromFile(fixture.CaFile);
        subjects.Add(root.Subject);
        return subjects;
    }

    private static X509Certificate2Collection Chain(string file)
    {
        var chain = new X509Certificate2Collection();
        chain.ImportFromPemFile(file);
        return chain;
    }

    [TestMethod]
    public async Task Create_Client_WritesOwnerOnlyClientKeyAndClientAuthCertificate()
    {
        using var fixture = await Fixture.CreateAsync("--client", "alice@example.test");
        using var client = X509Certificate2.CreateFromPemFile(fixture.ClientCertificateFile, fixture.ClientKeyFile);
        using var ca = X509CertificateLoader.LoadCertificateFromFile(fixture.CaFile);

        Assert.AreEqual("CN=alice@example.test, O=CertKit", client.Subject);
        Assert.AreEqual(OwnerOnly, File.GetUnixFileMode(fixture.ClientKeyFile));
        var usages = client.Extensions.OfType<X509EnhancedKeyUsageExtension>().Single().EnhancedKeyUsages;
        Assert.AreEqual("1.3.6.1.5.5.7.3.2", usages.Cast<System.Security.Cryptography.Oid>().Single().Value, "clientAuth only");
        Assert.AreEqual(0, ChainStatus(client, ca, [], clientAuthentication: true).Length);
        Assert.AreEqual(fixture.ClientKeyFile, fixture.Environment()["CERTKIT_CLIENT_KEY_FILE"]);
    }

    [TestMethod]
    public async Task Create_ExistingFixture_RefusesWithExitTwoAndKeepsTheFiles()
    {
        using var fixture = await Fixture.CreateAsync();
        var before = await File.ReadAllTextAsync(fixture.ServerKeyFile);

        var again = await CertKitTool.RunAsync("create", "--dir", fixture.Directory);

        Assert.AreEqual(2, again.ExitCode, again.Output);
        StringAssert.Contains(again.StandardError, "--force");
        Assert.AreEqual(before, await File.ReadAllTextAsync(fixture.ServerKeyFile), "nothing was overwritten");
    }

    [TestMethod]
    public async Task Create_ExistingFixtureWithForce_ReplacesKeysKeepingThemOwnerOnly()
    {
        using var fixture = await Fixture.CreateAsync();
        var before = await File.ReadAllTextAsync(fixture.ServerKeyFile);
        File.SetUnixFileMode(fixture.ServerKeyFile, Public);

        var again = await CertKitTool.RunAsync("create", "--dir", fixture.Directory, "--force");

        Assert.AreEqual(0, again.ExitCode, again.Output);
        Assert.AreNotEqual(before, await File.ReadAllTextAsync(fixture.ServerKeyFile), "a new key");
        Assert.AreEqual(OwnerOnly, File.GetUnixFileMode(fixture.ServerKeyFile), "a replaced key file is created anew, owner-only");
    }

    [TestMethod]
    public async Task Create_ForceWithoutClient_RemovesTheOlderFixturesClientFiles()
    {
        using var fixture = await Fixture.CreateAsync("--client", "alice");

        var again = await CertKitTool.RunAsync("create", "--dir", fixture.Directory, "--force");

        Assert.AreEqual(0, again.ExitCode, again.Output);
        Assert.IsFalse(File.Exists(fixture.ClientCertificateFile), "a client certificate from the replaced CA would be left next to the new one");
        Assert.IsFalse(File.Exists(fixture.ClientKeyFile));
    }

    [TestMethod]
    public async Task Create_ExistingClientFileOnly_RefusesWithoutForce()
    {
        using var scratch = new ScratchDirectory();
        var directory = scratch.PathOf("fixture");
        Directory.CreateDirectory(directory);
        await File.WriteAllTextAsync(Path.Combine(directory, "client.pem"), "old");

        var result = await CertKitTool.RunAsync("create", "--dir", directory);

        Assert.AreEqual(2, result.ExitCode, result.Output);
        StringAssert.Contains(result.StandardError, "client.pem already exists");
    }

    [TestMethod]
    public async Task Create_DirectoryWhereAFixtureFileGoes_ExitOneAndWritesNothing()
    {
        using var scratch = new ScratchDirectory();
        var directory = scratch.PathOf("fixture");
        Directory.CreateDirectory(Path.Combine(directory, ".env"));

        var result = await CertKitTool.RunAsync("create", "--dir", directory);

        Assert.AreEqual(1, result.ExitCode, result.Output);
        StringAssert.Contains(result.StandardError, ".env is a directory");
        CollectionAssert.AreEquivalent(new[] { ".env" }, Directory.GetFileSystemEntries(directory).Select(Path.GetFileName).ToArray(), "no half fixture, no staging left");
    }

    [TestMethod]
    [DataRow("--days", "0", "--days 0")]
    [DataRow("--days", "4000", "--days 4000")]
    [DataRow("--days", "soon", "--days 'soon' is not a whole number")]
    [DataRow("--key", "dsa-1024", "--key 'dsa-1024' is not one of ecdsa-p256, ecdsa-p384, ecdsa-p521, rsa-2048, rsa-3072 or rsa-4096.")]
    [DataRow("--chain-depth", "9", "--chain-depth 9")]
    [DataRow("--name", "bad name!", "bad name!")]
    [DataRow("--client", "say \"hi\"", "say \"hi\"")]
    [DataRow("--frobnicate", "1", "--frobnicate")]
    public async Task Create_BadArgument_ExitTwoNamingTheValueAndWritesNothing(string option, string value, string named)
    {
        using var scratch = new ScratchDirectory();
        var directory = scratch.PathOf("fixture");

        var result = await CertKitTool.RunAsync("create", "--dir", directory, option, value);

        Assert.AreEqual(2, result.ExitCode, result.Output);
        StringAssert.Contains(result.StandardError, named);
        Assert.IsFalse(Directory.Exists(directory), "a refused fixture leaves no directory behind");
        Assert.DoesNotContain("   at ", result.Output, "a message, not a stack trace");
    }

    [TestMethod]
    public async Task Create_NoDir_ExitTwoSayingDirIsRequired()
    {
        var result = await CertKitTool.RunAsync("create");

        Assert.AreEqual(2, result.ExitCode);
        StringAssert.Contains(result.StandardError, "--dir");
        StringAssert.Contains(result.StandardError, "certkit create --help");
    }

    [TestMethod]
    public async Task Create_DirIsAFile_ExitOneNamingIt()
    {
        using var scratch = new ScratchDirectory();
        var file = scratch.PathOf("not-a-directory");
        await File.WriteAllTextAsync(file, "x");

        var result = await CertKitTool.RunAsync("create", "--dir", file);

        Assert.AreEqual(1, result.ExitCode, result.Output);
        StringAssert.Contains(result.StandardError, "not-a-directory");
    }

    internal static X509ChainStatus[] ChainStatus(X509Certificate2 leaf, X509Certificate2 root, X509Certificate2[] intermediates, bool clientAuthentication = false)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.CustomTrustStore.Add(root);
        chain.ChainPolicy.ExtraStore.AddRange(intermediates);
        chain.ChainPolicy.ApplicationPolicy.Add(new System.Security.Cryptography.Oid(clientAuthentication ? "1.3.6.1.5.5.7.3.2" : "1.3.6.1.5.5.7.3.1"));
        chain.Build(leaf);
        return chain.ChainStatus;
    }
}
