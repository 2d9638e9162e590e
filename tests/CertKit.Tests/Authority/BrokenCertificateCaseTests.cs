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

    [TestMethod]
    [DynamicData(nameof(Cases))]
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
