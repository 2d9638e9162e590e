using System.Net.Security;
using CertKit.Tests.Support;

namespace CertKit.Tests.Authority;

[TestClass]
public sealed class BrokenCertificateCaseTests
{
    /// <summary>What <c>openssl verify -x509_strict -auth_level 2</c> says about each case: the same refusal, from a verifier that shares no code with .NET.</summary>
    private static readonly Dictionary<string, string> OpenSslVerdicts = new()
    {
        ["expired"] = "certificate has expired",
        ["not-yet-valid"] = "certificate is not yet valid",
        ["wrong-host"] = "hostname mismatch",
        ["untrusted-issuer"] = "unable to get local issuer certificate",
        ["untrusted-issuer-same-name"] = "unable to get local issuer certificate",
        ["self-signed"] = "self-signed certificate",
        ["missing-server-auth"] = "unsuitable certificate purpose",
        ["ca-as-leaf"] = "unsuitable certificate purpose",
        ["intermediate-without-ca-rights"] = "invalid CA certificate",
        ["missing-intermediate"] = "unable to get local issuer certificate",
        ["client-certificate-from-another-ca"] = "unable to get local issuer certificate",
        ["weak-rsa-1024"] = "EE certificate key too weak",
        ["sha1-signature"] = "CA signature digest algorithm too weak",
    };

    public static IEnumerable<object[]> Cases => BrokenCertificateCase.All.Select(c => new object[] { c });

    [TestMethod]
    public void All_Cases_HaveUniqueNamesDescriptionsAndOpenSslVerdicts()
    {
        Assert.HasCount(13, BrokenCertificateCase.All);
        Assert.HasCount(BrokenCertificateCase.All.Count, BrokenCertificateCase.All.Select(c => c.Name).Distinct());
        Assert.IsTrue(BrokenCertificateCase.All.All(c => c.Description.Length > 40 && c.ToString() == c.Name));
        CollectionAssert.AreEquivalent(OpenSslVerdicts.Keys.ToArray(), BrokenCertificateCase.All.Select(c => c.Name).ToArray());
    }

    public static IEnumerable<object[]> NotServableBySslStream =>
        BrokenCertificateCase.All.Where(c => !c.ServableBySslStream).Select(c => new object[] { c });

    [TestMethod]
    [DynamicData(nameof(NotServableBySslStream))]
    public async Task Handshake_WeakCertificateServedByOpenSsl_DotNetClientOutcomeAsExpected(BrokenCertificateCase brokenCase)
    {
        using var ca = TestCertificateAuthority.Create();
        using var broken = brokenCase.CreateFor(ca);
        using var server = await OpenSslServer.StartAsync(broken.Certificate);
        var errors = SslPolicyErrors.None;
        var chainStatus = X509ChainStatusFlags.NoError;
        var options = broken.CreateClientOptions();
        Assert.IsNull(options.RemoteCertificateValidationCallback, "CertKit's client options must not carry a callback");
        options.RemoteCertificateValidationCallback = (_, _, chain, policyErrors) =>
        {
            errors = policyErrors;
            chainStatus = (chain?.ChainStatus ?? []).Aggregate(X509ChainStatusFlags.NoError, (all, s) => all | s.Status);
            return policyErrors == SslPolicyErrors.None;
        };
        using var client = new System.Net.Sockets.TcpClient();
        await client.ConnectAsync(System.Net.IPAddress.Loopback, server.Port);
        await using var ssl = new SslStream(client.GetStream());

        var accepted = true;
        try
        {
            await ssl.AuthenticateAsClientAsync(options);
        }
        catch (System.Security.Authentication.AuthenticationException)
        {
            accepted = false;
        }

        Assert.AreEqual(!brokenCase.SslStreamRefuses, accepted, $"{errors} {chainStatus}");
        Assert.AreEqual(brokenCase.ExpectedPolicyErrors, errors);
        Assert.AreEqual(brokenCase.ExpectedChainStatus, chainStatus);
    }

    [TestMethod]
    [DynamicData(nameof(NotServableBySslStream))]
    public async Task Handshake_WeakCertificateServedBySslStream_ServerCannotLoadIt(BrokenCertificateCase brokenCase)
    {
        using var ca = TestCertificateAuthority.Create();
        using var broken = brokenCase.CreateFor(ca);

        var (_, server) = await TlsPair.RunAsync(broken.CreateServerOptions(), broken.CreateClientOptions());

        Assert.IsFalse(server.Succeeded);
        Assert.IsInstanceOfType<System.Security.Authentication.AuthenticationException>(server.Error);
    }

    public static IEnumerable<object[]> ServableBySslStream =>
        BrokenCertificateCase.All.Where(c => c.ServableBySslStream).Select(c => new object[] { c });

    [TestMethod]
    [DynamicData(nameof(ServableBySslStream))]
    public async Task Handshake_BrokenCase_HasExpectedOutcomeAndGoodControlSucceeds(BrokenCertificateCase brokenCase)
    {
        using var ca = TestCertificateAuthority.Create();
        using var broken = brokenCase.CreateFor(ca);
        using var goodServer = ca.IssueServerCertificate("localhost");
        using var goodClient = ca.IssueClientCertificate("alice");

        var (client, server) = await TlsPair.RunAsync(broken.CreateServerOptions(), broken.CreateClientOptions());
        var (controlClient, controlServer) = brokenCase.IsClientCertificate
            ? await TlsPair.RunAsync(broken.CreateServerOptions(), ca.CreateClientOptions(broken.TargetHost, goodClient))
            : await TlsPair.RunAsync(goodServer.CreateServerOptions(), broken.CreateClientOptions());

        var validator = brokenCase.IsClientCertificate ? server : client;
        Assert.AreEqual(!brokenCase.SslStreamRefuses, validator.Succeeded, validator.ToString());
        Assert.AreEqual(brokenCase.ExpectedPolicyErrors, validator.PolicyErrors, validator.ToString());
        Assert.AreEqual(brokenCase.ExpectedChainStatus, validator.ChainStatus, validator.ToString());
        Assert.IsTrue(controlClient.Succeeded && controlServer.Succeeded, $"control: client {controlClient}; server {controlServer}");
    }

    [TestMethod]
    [DynamicData(nameof(Cases))]
    public async Task OpenSslVerify_BrokenCase_RefusedForTheSameReason(BrokenCertificateCase brokenCase)
    {
        using var ca = TestCertificateAuthority.Create();
        using var broken = brokenCase.CreateFor(ca);
        var purpose = brokenCase.IsClientCertificate ? "sslclient" : "sslserver";
        List<string> arguments = ["verify", "-x509_strict", "-auth_level", "2", "-purpose", purpose, "-CAfile", ca.Certificate.TrustAnchorPemPath];
        if (!brokenCase.IsClientCertificate)
        {
            arguments.AddRange(["-verify_hostname", broken.TargetHost]);
        }

        if (brokenCase != BrokenCertificateCase.MissingIntermediate)
        {
            arguments.AddRange(["-untrusted", broken.Certificate.ChainPemPath]);
        }

        arguments.Add(broken.Certificate.CertificatePemPath);

        var result = await OpenSsl.RunAsync(arguments);

        Assert.AreNotEqual(0, result.ExitCode, result.Output);
        StringAssert.Contains(result.Output, OpenSslVerdicts[brokenCase.Name]);
    }

    [TestMethod]
    public void CreateFor_NullAuthority_ThrowsArgumentNullException()
    {
        Assert.ThrowsExactly<ArgumentNullException>(() => BrokenCertificateCase.Expired.CreateFor(null!));
    }

    [TestMethod]
    public void Dispose_OnlyTheAuthority_DisposesEveryBrokenCertificateMadeForIt()
    {
        var ca = TestCertificateAuthority.Create();
        var made = BrokenCertificateCase.All.Select(c => c.CreateFor(ca)).ToList();
        var directories = made.Select(b => Path.GetDirectoryName(b.Certificate.FullChainPemPath)!).ToList();

        ca.Dispose();

        Assert.IsFalse(directories.Any(Directory.Exists), string.Join(", ", directories.Where(Directory.Exists)));
    }

    [TestMethod]
    public void Dispose_BrokenCertificate_LeavesNothingBehind()
    {
        using var ca = TestCertificateAuthority.Create();
        var directories = new List<string>();
        foreach (var brokenCase in BrokenCertificateCase.All)
        {
            var broken = brokenCase.CreateFor(ca);
            directories.Add(Path.GetDirectoryName(broken.Certificate.FullChainPemPath)!);
            broken.Dispose();
            Assert.ThrowsExactly<ObjectDisposedException>(() => broken.Certificate.Certificate, brokenCase.Name);
        }

        Assert.IsFalse(directories.Any(Directory.Exists));
    }
}
