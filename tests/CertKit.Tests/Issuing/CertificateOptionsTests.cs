using System.Net.Security;
using CertKit.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace CertKit.Tests.Issuing;

[TestClass]
public sealed class CertificateOptionsTests
{
    [TestMethod]
    public void Create_NullOptions_ThrowsArgumentNullException()
    {
        var e = Assert.ThrowsExactly<ArgumentNullException>(() => TemporaryCertificate.Create((CertificateOptions)null!));
        using var ca = TestCertificateAuthority.Create();
        var issued = Assert.ThrowsExactly<ArgumentNullException>(() => ca.Issue(null!));

        Assert.AreEqual("options", e.ParamName);
        Assert.AreEqual("options", issued.ParamName);
    }

    [TestMethod]
    public void Create_NullKeyAlgorithm_EcdsaP256SelfSignedAndTheAuthorityAlgorithmUnderOne()
    {
        using var selfSigned = TemporaryCertificate.Create(new CertificateOptions { KeyAlgorithm = null });
        using var ca = TestCertificateAuthority.Create(new CertificateOptions { KeyAlgorithm = KeyAlgorithm.EcdsaP521 });
        using var issued = ca.Issue(new CertificateOptions { KeyAlgorithm = null });

        Assert.AreEqual(256, selfSigned.Certificate.GetECDsaPublicKey()!.KeySize);
        Assert.AreEqual(521, issued.Certificate.GetECDsaPublicKey()!.KeySize);
    }

    [TestMethod]
    public void Create_NullTimeProvider_SystemClockSelfSignedAndTheAuthorityClockUnderOne()
    {
        var then = new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
        using var selfSigned = TemporaryCertificate.Create(new CertificateOptions { TimeProvider = null });
        using var ca = TestCertificateAuthority.Create(new CertificateOptions { TimeProvider = new FakeTimeProvider(then) });
        using var issued = ca.Issue(new CertificateOptions { TimeProvider = null });

        Assert.AreSame(TimeProvider.System, selfSigned.Spec.TimeProvider);
        Assert.IsLessThan(TimeSpan.FromMinutes(6), DateTime.UtcNow - selfSigned.Certificate.NotBefore.ToUniversalTime());
        Assert.AreEqual(then.AddMinutes(-5).UtcDateTime, issued.Certificate.NotBefore.ToUniversalTime());
        Assert.AreEqual(then.AddMinutes(-5).AddDays(7).UtcDateTime, issued.Certificate.NotAfter.ToUniversalTime());
    }

    [TestMethod]
    public void Create_NullLogger_NullLoggerSelfSignedAndTheAuthorityLoggerUnderOne()
    {
        var logger = new RecordingLogger();
        using var selfSigned = TemporaryCertificate.Create(new CertificateOptions { Logger = null });
        using var ca = TestCertificateAuthority.Create(new CertificateOptions { Logger = logger });
        var before = logger.WithEventId(1).Count;

        using var issued = ca.Issue(new CertificateOptions { Logger = null, SubjectAlternativeNames = { "inherited.test" } });
        var other = new RecordingLogger();
        using var own = ca.Issue(new CertificateOptions { Logger = other, SubjectAlternativeNames = { "own.test" } });

        Assert.AreSame(NullLogger.Instance, selfSigned.Spec.Logger);
        Assert.AreEqual(before + 1, logger.WithEventId(1).Count);
        StringAssert.Contains(logger.WithEventId(1)[^1].Message, "inherited.test");
        StringAssert.Contains(other.WithEventId(1).Single().Message, "own.test", "an explicit logger wins");
    }

    [TestMethod]
    [DataRow(nameof(CertificateOptions.CommonName), "")]
    [DataRow(nameof(CertificateOptions.CommonName), "   ")]
    [DataRow(nameof(CertificateOptions.Organization), "")]
    [DataRow(nameof(CertificateOptions.OrganizationalUnit), " ")]
    public void Create_EmptySubjectPart_ThrowsNamingIt(string property, string value)
    {
        var options = new CertificateOptions();
        switch (property)
        {
            case nameof(CertificateOptions.CommonName):
                options.CommonName = value;
                break;
            case nameof(CertificateOptions.Organization):
                options.Organization = value;
                break;
            default:
                options.OrganizationalUnit = value;
                break;
        }

        var e = Assert.ThrowsExactly<ArgumentException>(() => TemporaryCertificate.Create(options));

        Assert.AreEqual(property, e.ParamName);
        Assert.Contains($"'{value}'", e.Message);
    }

    [TestMethod]
    public void Create_SubjectPartsGiven_UsedAsSubjectAndIssuer()
    {
        using var cert = TemporaryCertificate.Create(new CertificateOptions { CommonName = "My Server", Organization = "Contoso" });

        Assert.AreEqual("CN=My Server, O=Contoso", cert.Certificate.Subject);
        Assert.AreEqual("CN=My Server, O=Contoso", cert.Certificate.Issuer);
    }

    [TestMethod]
    public void Create_OrganizationalUnitGiven_BetweenOrganizationAndCommonName()
    {
        using var cert = TemporaryCertificate.Create(new CertificateOptions { CommonName = "My Server", Organization = "Contoso", OrganizationalUnit = "Platform" });

        var order = cert.Certificate.SubjectName.EnumerateRelativeDistinguishedNames(reversed: false).Select(r => r.GetSingleElementType().Value).ToArray();

        Assert.AreEqual("CN=My Server, OU=Platform, O=Contoso", cert.Certificate.Subject);
        CollectionAssert.AreEqual(new[] { "2.5.4.10", "2.5.4.11", "2.5.4.3" }, order, "O, OU, CN in the DER");
    }

    [TestMethod]
    public void CreateAuthority_SubjectPartsGiven_UsedForTheAuthorityAndAsIssuerOfItsLeaves()
    {
        using var ca = TestCertificateAuthority.Create(new CertificateOptions { CommonName = "Contoso Test Root", Organization = "Contoso", OrganizationalUnit = "QA" });
        using var leaf = ca.IssueServerCertificate();

        Assert.AreEqual("CN=Contoso Test Root, OU=QA, O=Contoso", ca.Certificate.Certificate.Subject);
        Assert.AreEqual(ca.Certificate.Certificate.Subject, leaf.Certificate.Issuer);
    }

    [TestMethod]
    [DataRow(CertificatePurpose.Server, false)]
    [DataRow(CertificatePurpose.Client, false)]
    [DataRow(CertificatePurpose.ServerAndClient, false)]
    [DataRow(CertificatePurpose.Server, true)]
    [DataRow(CertificatePurpose.Client, true)]
    public void Create_EachPurpose_KeyUsageCriticalAndSetByTheKeyType(CertificatePurpose purpose, bool rsa)
    {
        // KeyUsage is no longer an option: it follows from the key (and from being an authority).
        var options = new CertificateOptions { Purpose = purpose, KeyAlgorithm = rsa ? KeyAlgorithm.Rsa2048 : KeyAlgorithm.EcdsaP256, SubjectAlternativeNames = { "usage.test" } };

        using var cert = TemporaryCertificate.Create(options);

        var extension = cert.Certificate.Extensions.OfType<X509KeyUsageExtension>().Single();
        Assert.IsTrue(extension.Critical);
        Assert.AreEqual(
            rsa ? X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment : X509KeyUsageFlags.DigitalSignature,
            extension.KeyUsages);
    }

    [TestMethod]
    [DataRow(CertificatePurpose.Server, new[] { "1.3.6.1.5.5.7.3.1" })]
    [DataRow(CertificatePurpose.Client, new[] { "1.3.6.1.5.5.7.3.2" })]
    [DataRow(CertificatePurpose.ServerAndClient, new[] { "1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2" })]
    public void Create_EachPurpose_ExtendedKeyUsagesMatch(CertificatePurpose purpose, string[] oids)
    {
        using var cert = TemporaryCertificate.Create(new CertificateOptions { Purpose = purpose, SubjectAlternativeNames = { "usage.test" } });

        var eku = cert.Certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>().Single();

        CollectionAssert.AreEqual(oids, eku.EnhancedKeyUsages.Cast<Oid>().Select(o => o.Value).ToArray());
    }

    [TestMethod]
    public async Task Create_ClientPurpose_RefusedAsServerCertificate()
    {
        using var clientOnly = TemporaryCertificate.Create(new CertificateOptions { Purpose = CertificatePurpose.Client, SubjectAlternativeNames = { "localhost" } });
        using var serverDefault = TemporaryCertificate.Create();

        var refused = await LoopbackTls.HandshakeAsync(clientOnly.Certificate, clientOnly.Certificate);
        var control = await LoopbackTls.HandshakeAsync(serverDefault.Certificate, serverDefault.Certificate);

        Assert.IsFalse(refused.Succeeded, refused.ToString());
        Assert.AreEqual(SslPolicyErrors.RemoteCertificateChainErrors, refused.PolicyErrors);
        Assert.IsTrue(refused.ChainStatus.HasFlag(X509ChainStatusFlags.NotValidForUsage), refused.ToString());
        Assert.IsTrue(control.Succeeded, control.ToString());
    }

    [TestMethod]
    public void Create_OptionsChangedAfterCreate_CertificateUnchanged()
    {
        var options = new CertificateOptions();
        options.SubjectAlternativeNames.Add("first.test");
        using var cert = TemporaryCertificate.Create(options);

        options.SubjectAlternativeNames[0] = "second.test";
        options.CommonName = "changed";

        Assert.AreEqual("CN=first.test, O=CertKit", cert.Certificate.Subject);
        StringAssert.Contains(cert.ToString(), "first.test");
    }

    [TestMethod]
    public void Create_UndefinedPurpose_ThrowsNamingIt()
    {
        var e = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => TemporaryCertificate.Create(new CertificateOptions { Purpose = (CertificatePurpose)42 }));

        Assert.AreEqual(nameof(CertificateOptions.Purpose), e.ParamName);
        Assert.Contains("42", e.Message);
    }

    [TestMethod]
    [DataRow(CertificatePurpose.Server)]
    [DataRow(CertificatePurpose.Client)]
    public void CreateAuthority_PurposeSet_ThrowsNamingIt(CertificatePurpose purpose)
    {
        using var root = TestCertificateAuthority.Create();

        var e = Assert.ThrowsExactly<ArgumentException>(() => TestCertificateAuthority.Create(new CertificateOptions { Purpose = purpose }));
        var intermediate = Assert.ThrowsExactly<ArgumentException>(() => root.CreateIntermediate(new CertificateOptions { Purpose = purpose }));

        Assert.AreEqual(nameof(CertificateOptions.Purpose), e.ParamName);
        Assert.Contains("leave it unset for an authority", e.Message);
        Assert.AreEqual(nameof(CertificateOptions.Purpose), intermediate.ParamName);
    }

    [TestMethod]
    [DataRow(nameof(CertificateOptions.PathLengthConstraint))]
    [DataRow(nameof(CertificateOptions.PermittedDnsNames))]
    [DataRow(nameof(CertificateOptions.ExcludedDnsNames))]
    [DataRow(nameof(CertificateOptions.RevocationResponder))]
    public async Task Create_AuthorityOnlyOptionOnCertificate_ThrowsNamingIt(string property)
    {
        await using var responder = await RevocationResponder.StartAsync();
        var options = new CertificateOptions();
        switch (property)
        {
            case nameof(CertificateOptions.PathLengthConstraint):
                options.PathLengthConstraint = 0;
                break;
            case nameof(CertificateOptions.PermittedDnsNames):
                options.PermittedDnsNames.Add("example.test");
                break;
            case nameof(CertificateOptions.ExcludedDnsNames):
                options.ExcludedDnsNames.Add("example.test");
                break;
            default:
                options.RevocationResponder = responder;
                break;
        }

        using var ca = TestCertificateAuthority.Create();
        var selfSigned = Assert.ThrowsExactly<ArgumentException>(() => TemporaryCertificate.Create(options));
        var issued = Assert.ThrowsExactly<ArgumentException>(() => ca.Issue(options));

        Assert.AreEqual(property, selfSigned.ParamName);
        Assert.Contains("applies to authorities only", selfSigned.Message);
        Assert.AreEqual(property, issued.ParamName);
    }
}
