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
    public void Options_New_HaveDocumentedDefaults()
    {
        var options = new TemporaryCertificateOptions();

        Assert.IsEmpty(options.SubjectAlternativeNames);
        Assert.IsNull(options.Subject);
        Assert.AreSame(KeyAlgorithm.EcdsaP256, options.KeyAlgorithm);
        Assert.IsNull(options.NotBefore);
        Assert.IsNull(options.NotAfter);
        Assert.AreEqual(TimeSpan.FromDays(7), options.Lifetime);
        Assert.AreEqual(TimeSpan.FromMinutes(5), options.ClockSkewAllowance);
        Assert.IsNull(options.KeyUsage);
        Assert.IsEmpty(options.ExtendedKeyUsages);
        Assert.AreSame(TimeProvider.System, options.TimeProvider);
        Assert.AreSame(NullLogger.Instance, options.Logger);
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
    public void Create_Default_SignedWithSha256()
    {
        using var ecdsa = TemporaryCertificate.Create();
        using var rsa = TemporaryCertificate.Create(new TemporaryCertificateOptions { KeyAlgorithm = KeyAlgorithm.Rsa2048 });

        Assert.AreEqual("1.2.840.10045.4.3.2", ecdsa.Certificate.SignatureAlgorithm.Value, "ecdsa-with-SHA256");
        Assert.AreEqual("1.2.840.113549.1.1.11", rsa.Certificate.SignatureAlgorithm.Value, "sha256WithRSAEncryption");
    }

    [TestMethod]
    public void Create_NoValidity_ValidFromFiveMinutesAgoForSevenDays()
    {
        using var cert = TemporaryCertificate.Create(new TemporaryCertificateOptions { TimeProvider = new FakeTimeProvider(Now) });

        Assert.AreEqual(Now.AddMinutes(-5).UtcDateTime, cert.Certificate.NotBefore.ToUniversalTime());
        Assert.AreEqual(Now.AddMinutes(-5).AddDays(7).UtcDateTime, cert.Certificate.NotAfter.ToUniversalTime());
    }

    [TestMethod]
    public void Create_Default_ValidityEncodedAsUtcTime()
    {
        using var cert = TemporaryCertificate.Create();

        var (notBeforeTag, notAfterTag) = ValidityTags(cert.CertificateDer);
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
        using var rsa = TemporaryCertificate.Create(new TemporaryCertificateOptions { KeyAlgorithm = KeyAlgorithm.Rsa2048 });

        var ecdsaUsage = ecdsa.Certificate.Extensions.OfType<X509KeyUsageExtension>().Single();
        var rsaUsage = rsa.Certificate.Extensions.OfType<X509KeyUsageExtension>().Single();
        Assert.IsTrue(ecdsaUsage.Critical);
        Assert.AreEqual(X509KeyUsageFlags.DigitalSignature, ecdsaUsage.KeyUsages);
        Assert.IsTrue(rsaUsage.Critical);
        Assert.AreEqual(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, rsaUsage.KeyUsages);
    }

    [TestMethod]
    public void Create_NoExtendedKeyUsage_ServerAuthenticationOnly()
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
    public void Create_Default_PfxPasswordIs32RandomHexCharacters()
    {
        using var first = TemporaryCertificate.Create();
        using var second = TemporaryCertificate.Create();

        Assert.MatchesRegex("^[0-9A-F]{32}$", first.PfxPassword);
        Assert.AreNotEqual(first.PfxPassword, second.PfxPassword);
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
