using CertKit.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace CertKit.Tests.Issuing;

/// <summary>What an authority hands down to what it makes: clock, logger, key algorithm, and the hash its key signs with.</summary>
[TestClass]
public sealed class AuthorityContextTests
{
    private static readonly DateTimeOffset Past = new(2031, 3, 4, 5, 6, 7, TimeSpan.Zero);

    [TestMethod]
    public void Issue_AuthorityOnFakeClock_OptionsWithoutClockUseTheAuthoritys()
    {
        using var ca = TestCertificateAuthority.Create(new CertificateOptions { TimeProvider = new FakeTimeProvider(Past) });

        using var viaOptions = ca.Issue(new CertificateOptions());
        using var intermediate = ca.CreateIntermediate(new CertificateOptions());
        using var client = ca.Issue(new CertificateOptions { Purpose = CertificatePurpose.Client, CommonName = "alice" });

        foreach (var certificate in new[] { viaOptions, intermediate.Certificate, client })
        {
            Assert.AreEqual(Past.AddMinutes(-5).UtcDateTime, certificate.Certificate.NotBefore.ToUniversalTime(), certificate.ToString());
        }
    }

    [TestMethod]
    public void Issue_OptionsWithOwnClock_OverrideTheAuthoritysWithinItsValidity()
    {
        var clock = new FakeTimeProvider(Past);
        using var ca = TestCertificateAuthority.Create(new CertificateOptions { TimeProvider = clock });
        clock.Advance(TimeSpan.FromDays(1));

        using var leaf = ca.Issue(new CertificateOptions { TimeProvider = new FakeTimeProvider(Past.AddDays(2)) });

        Assert.AreEqual(Past.AddDays(2).AddMinutes(-5).UtcDateTime, leaf.Certificate.NotBefore.ToUniversalTime());
    }

    [TestMethod]
    public void IssueServerCertificate_RsaRoot_IntermediatesAndLeavesAreRsaUnlessAsked()
    {
        using var ca = TestCertificateAuthority.Create(new CertificateOptions { KeyAlgorithm = KeyAlgorithm.Rsa2048 });
        using var intermediate = ca.CreateIntermediate();
        using var leaf = intermediate.IssueServerCertificate("localhost");
        using var client = ca.IssueClientCertificate("alice");
        using var ecdsa = ca.Issue(new CertificateOptions { KeyAlgorithm = KeyAlgorithm.EcdsaP256 });

        Assert.IsNotNull(intermediate.Certificate.Certificate.GetRSAPublicKey());
        Assert.IsNotNull(leaf.Certificate.GetRSAPublicKey());
        Assert.IsNotNull(client.Certificate.GetRSAPublicKey());
        Assert.IsNull(ecdsa.Certificate.GetRSAPublicKey());
        Assert.IsNotNull(ecdsa.Certificate.GetECDsaPublicKey());
    }

    [TestMethod]
    public void Issue_AuthorityWithLogger_EverythingItMakesLogsThere()
    {
        var logger = new RecordingLogger();
        using var ca = TestCertificateAuthority.Create(new CertificateOptions { Logger = logger });

        using var viaOptions = ca.Issue(new CertificateOptions { CommonName = "via-options" });
        using var intermediate = ca.CreateIntermediate(new CertificateOptions { CommonName = "via-intermediate" });
        using var grandchild = intermediate.IssueClientCertificate("grandchild");

        var created = logger.WithEventId(1).Select(e => e.Message).ToList();
        foreach (var name in new[] { "via-options", "via-intermediate", "grandchild" })
        {
            Assert.IsTrue(created.Any(m => m.Contains($"CN={name}", StringComparison.Ordinal)), $"{name}: {string.Join(" | ", created)}");
        }
    }

    [TestMethod]
    [DataRow("P-256", "1.2.840.10045.4.3.2")] // ecdsa-with-SHA256
    [DataRow("P-384", "1.2.840.10045.4.3.3")] // ecdsa-with-SHA384
    [DataRow("P-521", "1.2.840.10045.4.3.4")] // ecdsa-with-SHA512
    [DataRow("RSA 2048", "1.2.840.113549.1.1.11")] // sha256WithRSAEncryption
    public async Task Issue_IssuerKey_SignsWithItsPairedHashCertificatesAndCrls(string issuerKey, string signatureOid)
    {
        var algorithm = issuerKey switch
        {
            "P-384" => KeyAlgorithm.EcdsaP384,
            "P-521" => KeyAlgorithm.EcdsaP521,
            "RSA 2048" => KeyAlgorithm.Rsa2048,
            _ => KeyAlgorithm.EcdsaP256,
        };
        using var ca = TestCertificateAuthority.Create(new CertificateOptions { KeyAlgorithm = algorithm });
        // The leaf's own key does not decide: the issuer's does.
        using var leaf = ca.Issue(new CertificateOptions { KeyAlgorithm = KeyAlgorithm.EcdsaP256 });

        Assert.AreEqual(signatureOid, leaf.Certificate.SignatureAlgorithm.Value);
        Assert.AreEqual(signatureOid, ca.Certificate.Certificate.SignatureAlgorithm.Value);

        var crl = Path.Combine(ca.Certificate.WriteFiles().Directory, "test.crl");
        await File.WriteAllBytesAsync(crl, ca.ExportCrl());
        var text = await OpenSsl.RunAsync(["crl", "-inform", "DER", "-in", crl, "-noout", "-text"]);
        var expectedName = signatureOid switch
        {
            "1.2.840.10045.4.3.3" => "ecdsa-with-SHA384",
            "1.2.840.10045.4.3.4" => "ecdsa-with-SHA512",
            "1.2.840.113549.1.1.11" => "sha256WithRSAEncryption",
            _ => "ecdsa-with-SHA256",
        };
        StringAssert.Contains(text.Output, $"Signature Algorithm: {expectedName}");
    }

    [TestMethod]
    public void Issue_ExplicitNotBeforeBeforeTheIssuers_ThrowsNamingBoth()
    {
        using var ca = TestCertificateAuthority.Create();
        var issuerStart = ca.Certificate.Certificate.NotBefore.ToUniversalTime();

        var e = Assert.ThrowsExactly<ArgumentOutOfRangeException>(
            () => ca.Issue(new CertificateOptions { NotBefore = DateTimeOffset.UtcNow.AddDays(-30), NotAfter = DateTimeOffset.UtcNow.AddDays(-7) }));

        Assert.AreEqual(nameof(CertificateOptions.NotBefore), e.ParamName);
        StringAssert.Contains(e.Message, $"{new DateTimeOffset(issuerStart, TimeSpan.Zero):O}");
    }

    [TestMethod]
    public void Issue_DefaultNotBeforeBeforeTheIssuers_IsClampedToTheIssuers()
    {
        var start = DateTimeOffset.UtcNow.AddMinutes(1);
        start = start.AddTicks(-(start.Ticks % TimeSpan.TicksPerSecond));
        using var ca = TestCertificateAuthority.Create(new CertificateOptions { NotBefore = start });

        using var leaf = ca.IssueServerCertificate("localhost");

        Assert.AreEqual(start.UtcDateTime, leaf.Certificate.NotBefore.ToUniversalTime());
    }

    [TestMethod]
    public void Issue_DefaultNotAfterPastTheIssuers_IsCutAndLogged()
    {
        var logger = new RecordingLogger();
        var end = DateTimeOffset.UtcNow.AddDays(2);
        end = end.AddTicks(-(end.Ticks % TimeSpan.TicksPerSecond));
        using var ca = TestCertificateAuthority.Create(new CertificateOptions { NotAfter = end, Logger = logger });

        using var leaf = ca.IssueServerCertificate("localhost");

        Assert.AreEqual(end.UtcDateTime, leaf.Certificate.NotAfter.ToUniversalTime());
        var shortened = logger.WithEventId(6);
        Assert.HasCount(1, shortened);
        Assert.AreEqual("ValidityShortened", shortened[0].EventId.Name);
        StringAssert.Contains(shortened[0].Message, ca.Certificate.Certificate.Subject);
    }
}
