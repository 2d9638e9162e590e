using System.Formats.Asn1;
using CertKit.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace CertKit.Tests;

/// <summary>Pins every documented default: one test each, so a changed default fails loudly.</summary>
[TestClass]
public sealed class TemporaryCertificateDefaultsTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    [TestMethod]
    public void Options_New_EveryPropertyUnsetAsDocumented()
    {
        // Every <value> of CertificateOptions is "null (or empty), which means ...": the meaning is pinned by the tests below.
        var options = new CertificateOptions();

        Assert.IsNull(options.Purpose);
        Assert.IsEmpty(options.SubjectAlternativeNames);
        Assert.IsNull(options.CommonName);
        Assert.IsNull(options.Organization);
        Assert.IsNull(options.OrganizationalUnit);
        Assert.IsNull(options.KeyAlgorithm);
        Assert.IsNull(options.Key);
        Assert.IsNull(options.NotBefore);
        Assert.IsNull(options.NotAfter);
        Assert.IsNull(options.SignatureHashAlgorithm);
        Assert.IsNull(options.PathLengthConstraint);
        Assert.IsEmpty(options.PermittedDnsNames);
        Assert.IsEmpty(options.ExcludedDnsNames);
        Assert.IsNull(options.RevocationResponder);
        Assert.IsNull(options.TimeProvider);
        Assert.IsNull(options.Logger);
    }

    [TestMethod]
    public void Create_NoClockNoLogger_SystemClockAndNullLogger()
    {
        using var cert = TemporaryCertificate.Create();

        Assert.AreSame(TimeProvider.System, cert.Spec.TimeProvider);
        Assert.AreSame(NullLogger.Instance, cert.Spec.Logger);
    }

    [TestMethod]
    public void Create_NoPurpose_IsAServerCertificate()
    {
        using var unset = TemporaryCertificate.Create(new CertificateOptions());
        using var server = TemporaryCertificate.Create(new CertificateOptions { Purpose = CertificatePurpose.Server });

        Assert.AreEqual(Convert.ToHexString(server.Certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>().Single().RawData),
            Convert.ToHexString(unset.Certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>().Single().RawData));
        Assert.AreEqual(
            Convert.ToHexString(server.Certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single().RawData),
            Convert.ToHexString(unset.Certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single().RawData));
    }

    [TestMethod]
    public void Issue_ClientPurposeNoNames_NoNamesAndCommonNameCertKitClient()
    {
        using var ca = TestCertificateAuthority.Create();

        using var client = ca.Issue(new CertificateOptions { Purpose = CertificatePurpose.Client });

        Assert.AreEqual("CN=CertKit Client, O=CertKit", client.Certificate.Subject);
        Assert.IsEmpty(client.Certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>(), "client certificates get no default names, not even localhost");
        CollectionAssert.AreEqual(
            new[] { "1.3.6.1.5.5.7.3.2" },
            client.Certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>().Single().EnhancedKeyUsages.Cast<Oid>().Select(o => o.Value).ToArray());
    }

    [TestMethod]
    public void Create_NoSubjectNames_DerOrderIsOrganizationThenCommonName()
    {
        using var cert = TemporaryCertificate.Create("api.test");

        var order = cert.Certificate.SubjectName.EnumerateRelativeDistinguishedNames(reversed: false).Select(r => r.GetSingleElementType().Value).ToArray();

        CollectionAssert.AreEqual(new[] { "2.5.4.10", "2.5.4.3" }, order, "O first, then CN, as CAs encode it");
        Assert.AreEqual("CN=api.test, O=CertKit", cert.Certificate.Subject, ".NET prints it the other way round");
    }

    [TestMethod]
    public void Create_NoNames_ValidForLocalhostAndBothLoopbackAddresses()
    {
        using var cert = TemporaryCertificate.Create();

        var san = cert.Certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single();
        CollectionAssert.AreEqual(new[] { "localhost" }, san.EnumerateDnsNames().ToArray());
        CollectionAssert.AreEqual(new[] { "127.0.0.1", "::1" }, san.EnumerateIPAddresses().Select(a => a.ToString()).ToArray());
    }

    [TestMethod]
    public void Create_NoSubject_SubjectIsFirstNameAndCertKit()
    {
        using var cert = TemporaryCertificate.Create("api.test", "10.1.2.3");

        Assert.AreEqual("CN=api.test, O=CertKit", cert.Certificate.Subject);
        Assert.AreEqual(cert.Certificate.Subject, cert.Certificate.Issuer);
    }

    [TestMethod]
    public void Create_NoKeyAlgorithm_KeyIsEcdsaP256()
    {
        using var cert = TemporaryCertificate.Create();

        using var key = cert.Certificate.GetECDsaPrivateKey();
        Assert.IsNotNull(key);
        Assert.AreEqual(256, key.KeySize);
        Assert.AreEqual(ECCurve.NamedCurves.nistP256.Oid.Value, key.ExportParameters(false).Curve.Oid.Value);
    }

    [TestMethod]
    [DataRow("ECDSA P-256", "1.2.840.10045.4.3.2", DisplayName = "P-256: ecdsa-with-SHA256")]
    [DataRow("ECDSA P-384", "1.2.840.10045.4.3.3", DisplayName = "P-384: ecdsa-with-SHA384")]
    [DataRow("ECDSA P-521", "1.2.840.10045.4.3.4", DisplayName = "P-521: ecdsa-with-SHA512")]
    [DataRow("RSA 2048", "1.2.840.113549.1.1.11", DisplayName = "RSA: sha256WithRSAEncryption")]
    public void Create_NoSignatureHash_HashPairsWithTheKey(string algorithm, string signatureOid)
    {
        var keyAlgorithm = algorithm switch
        {
            "ECDSA P-384" => KeyAlgorithm.EcdsaP384,
            "ECDSA P-521" => KeyAlgorithm.EcdsaP521,
            "RSA 2048" => KeyAlgorithm.Rsa2048,
            _ => KeyAlgorithm.EcdsaP256,
        };

        using var cert = TemporaryCertificate.Create(new CertificateOptions { KeyAlgorithm = keyAlgorithm });

        Assert.AreEqual(signatureOid, cert.Certificate.SignatureAlgorithm.Value);
    }

    [TestMethod]
    public void Create_NoValidity_ValidFromFiveMinutesAgoForSevenDays()
    {
        using var cert = TemporaryCertificate.Create(new CertificateOptions { TimeProvider = new FakeTimeProvider(Now) });

        Assert.AreEqual(Now.AddMinutes(-5).UtcDateTime, cert.Certificate.NotBefore.ToUniversalTime());
        Assert.AreEqual(Now.AddMinutes(-5).AddDays(7).UtcDateTime, cert.Certificate.NotAfter.ToUniversalTime());
    }

    [TestMethod]
    public void Create_Default_ValidityEncodedAsUtcTime()
    {
        using var cert = TemporaryCertificate.Create();

        var (notBeforeTag, notAfterTag) = ValidityTags(cert.Certificate.RawDataMemory);
        Assert.AreEqual(UniversalTagNumber.UtcTime, notBeforeTag);
        Assert.AreEqual(UniversalTagNumber.UtcTime, notAfterTag);
    }

    [TestMethod]
    public void Create_Default_BasicConstraintsCriticalAndNotCertificateAuthority()
    {
        using var cert = TemporaryCertificate.Create();

        var basic = cert.Certificate.Extensions.OfType<X509BasicConstraintsExtension>().Single();
        Assert.IsTrue(basic.Critical);
        Assert.IsFalse(basic.CertificateAuthority);
    }

    [TestMethod]
    public void Create_NoKeyUsage_CriticalDigitalSignatureAndKeyEnciphermentForRsa()
    {
        using var ecdsa = TemporaryCertificate.Create();
        using var rsa = TemporaryCertificate.Create(new CertificateOptions { KeyAlgorithm = KeyAlgorithm.Rsa2048 });

        var ecdsaUsage = ecdsa.Certificate.Extensions.OfType<X509KeyUsageExtension>().Single();
        var rsaUsage = rsa.Certificate.Extensions.OfType<X509KeyUsageExtension>().Single();
        Assert.IsTrue(ecdsaUsage.Critical);
        Assert.AreEqual(X509KeyUsageFlags.DigitalSignature, ecdsaUsage.KeyUsages);
        Assert.IsTrue(rsaUsage.Critical);
        Assert.AreEqual(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, rsaUsage.KeyUsages);
    }

    [TestMethod]
    public void Create_NoPurpose_ServerAuthenticationOnly()
    {
        using var cert = TemporaryCertificate.Create();

        var eku = cert.Certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>().Single();
        CollectionAssert.AreEqual(new[] { "1.3.6.1.5.5.7.3.1" }, eku.EnhancedKeyUsages.Cast<Oid>().Select(o => o.Value).ToArray());
    }

    [TestMethod]
    public void Create_Default_AuthorityKeyIdentifierIsOwnSubjectKeyIdentifier()
    {
        using var cert = TemporaryCertificate.Create();

        var ski = cert.Certificate.Extensions.OfType<X509SubjectKeyIdentifierExtension>().Single();
        var aki = cert.Certificate.Extensions.OfType<X509AuthorityKeyIdentifierExtension>().Single();
        Assert.IsFalse(string.IsNullOrEmpty(ski.SubjectKeyIdentifier));
        Assert.AreEqual(ski.SubjectKeyIdentifier, Convert.ToHexString(aki.KeyIdentifier!.Value.Span));
    }

    [TestMethod]
    public void Create_Default_SerialIsPositiveRandomSixteenOctets()
    {
        using var first = TemporaryCertificate.Create();
        using var second = TemporaryCertificate.Create();

        var serial = first.Certificate.SerialNumberBytes.Span; // big-endian, as encoded
        Assert.AreEqual(16, serial.Length);
        Assert.AreEqual(0, serial[0] & 0x80, "the top bit must be clear: serials are positive");
        Assert.AreNotEqual(0, serial[0], "no leading zero octet");
        Assert.AreNotEqual(first.Certificate.SerialNumber, second.Certificate.SerialNumber);
    }

    [TestMethod]
    public async Task ExportPfx_NoEncryptionGiven_Aes256CbcWithSha256()
    {
        // The random PfxPassword is gone (the caller chooses the password); what remains to pin is the default encryption.
        using var cert = TemporaryCertificate.Create();
        var path = Path.Combine(cert.WriteFiles().Directory, "exported.pfx");
        await File.WriteAllBytesAsync(path, cert.ExportPfx("chosen"));

        var info = await OpenSsl.RunAsync(["pkcs12", "-in", path, "-passin", "pass:chosen", "-info", "-noout"]);

        Assert.AreEqual(0, info.ExitCode, info.Output);
        StringAssert.Contains(info.Output, "PBES2, PBKDF2, AES-256-CBC");
        StringAssert.Contains(info.Output, "MAC: sha256");
    }

    private static (UniversalTagNumber NotBefore, UniversalTagNumber NotAfter) ValidityTags(ReadOnlyMemory<byte> der)
    {
        var certificate = new AsnReader(der, AsnEncodingRules.DER).ReadSequence();
        var tbs = certificate.ReadSequence();
        tbs.ReadEncodedValue(); // [0] version
        tbs.ReadEncodedValue(); // serialNumber
        tbs.ReadEncodedValue(); // signature
        tbs.ReadEncodedValue(); // issuer
        var validity = tbs.ReadSequence();
        var notBefore = (UniversalTagNumber)validity.PeekTag().TagValue;
        validity.ReadEncodedValue();
        var notAfter = (UniversalTagNumber)validity.PeekTag().TagValue;
        return (notBefore, notAfter);
    }
}
