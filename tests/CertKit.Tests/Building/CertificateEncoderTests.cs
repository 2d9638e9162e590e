using System.Formats.Asn1;
using CertKit.Building;

namespace CertKit.Tests.Building;

/// <summary>
/// CertKit writes the TBSCertificate itself and keeps the DER (an X509Certificate2 is made on first use). These tests hold it
/// to the rule that <see cref="CertificateRequest"/> stays the definition: for every certificate the public API makes, the
/// TBS bytes are the ones <see cref="CertificateRequest.Create(X500DistinguishedName, X509SignatureGenerator, DateTimeOffset, DateTimeOffset, byte[])"/>
/// writes for the same request, issuer, dates and serial.
/// </summary>
[TestClass]
public sealed class CertificateEncoderTests
{
    [TestMethod]
    public async Task Sign_EveryKindOfCertificateTheApiMakes_TbsIsByteIdenticalToCertificateRequests()
    {
        var compared = new List<string>();
        var mismatches = new List<string>();
        CertificateFactory.Observer.Value = record =>
        {
            using var reference = record.Request.Create(record.IssuerName, record.Generator, record.NotBefore, record.NotAfter, record.SerialNumber);
            var name = $"{record.Request.SubjectName.Name} ({record.Request.PublicKey.Oid.FriendlyName}, {record.Request.HashAlgorithm.Name})";
            lock (compared)
            {
                compared.Add(name);
                if (!Tbs(record.Der).SequenceEqual(Tbs(reference.RawData)))
                {
                    mismatches.Add($"{name}:\n  CertKit  {Convert.ToHexString(Tbs(record.Der))}\n  request  {Convert.ToHexString(Tbs(reference.RawData))}");
                }
            }
        };

        try
        {
            MakeEveryKind(KeyAlgorithm.EcdsaP256, withCatalogue: true);
            foreach (var algorithm in new[] { KeyAlgorithm.EcdsaP384, KeyAlgorithm.EcdsaP521, KeyAlgorithm.Rsa2048, KeyAlgorithm.Rsa3072, KeyAlgorithm.Rsa4096 })
            {
                MakeEveryKind(algorithm, withCatalogue: false);
            }

            await using var responder = await RevocationResponder.StartAsync();
            using var revoking = TestCertificateAuthority.Create(new CertificateOptions { RevocationResponder = responder });
            using var withEndpoints = revoking.IssueServerCertificate("revocable.test");
        }
        finally
        {
            CertificateFactory.Observer.Value = null;
        }

        Assert.AreEqual(0, mismatches.Count, string.Join("\n", mismatches));
        // 6 key algorithms x 9 certificates, the catalogue's certificates and strangers, the revocation pair.
        Assert.IsGreaterThanOrEqualTo(6 * 9 + BrokenCertificateCase.All.Count + 2, compared.Count, string.Join("\n", compared));
    }

    [TestMethod]
    public void Sign_RsaKey_WholeCertificateIsByteIdenticalToCertificateRequests()
    {
        // PKCS#1 v1.5 signatures are deterministic, so with RSA the whole certificate, signature included, must match.
        var records = new List<(byte[] Ours, byte[] Theirs)>();
        CertificateFactory.Observer.Value = record =>
        {
            using var reference = record.Request.Create(record.IssuerName, record.Generator, record.NotBefore, record.NotAfter, record.SerialNumber);
            records.Add((record.Der, reference.RawData));
        };
        try
        {
            using var ca = TestCertificateAuthority.Create(new CertificateOptions { KeyAlgorithm = KeyAlgorithm.Rsa2048 });
            using var leaf = ca.IssueServerCertificate("rsa.test");
        }
        finally
        {
            CertificateFactory.Observer.Value = null;
        }

        Assert.HasCount(2, records);
        foreach (var (ours, theirs) in records)
        {
            CollectionAssert.AreEqual(theirs, ours);
        }
    }

    [TestMethod]
    [DataRow(new byte[] { 0x80, 0x01 }, DisplayName = "top bit set: a zero octet goes in front")]
    [DataRow(new byte[] { 0x00, 0x00, 0x01 }, DisplayName = "leading zeros: stripped")]
    [DataRow(new byte[] { 0x00, 0x80 }, DisplayName = "a needed zero octet: kept")]
    [DataRow(new byte[] { 0x00 }, DisplayName = "zero")]
    [DataRow(new byte[] { 0x7F }, DisplayName = "one positive octet")]
    public void Sign_SerialNumberNeedingNormalisation_EncodedAsCertificateRequestEncodesIt(byte[] serial)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=serial.test", key, HashAlgorithmName.SHA256);
        var generator = X509SignatureGenerator.CreateForECDsa(key);
        var notBefore = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

        var (der, encodedSerial) = CertificateEncoder.Sign(request, request.SubjectName, generator, null, notBefore, notBefore.AddDays(1), serial);
        using var reference = request.Create(request.SubjectName, generator, notBefore, notBefore.AddDays(1), serial);

        CollectionAssert.AreEqual(Tbs(reference.RawData), Tbs(der));
        CollectionAssert.AreEqual(reference.SerialNumberBytes.ToArray(), encodedSerial);
    }

    [TestMethod]
    [DataRow(1950, 2049, DisplayName = "UTCTime both")]
    [DataRow(1949, 2050, DisplayName = "GeneralizedTime both")]
    [DataRow(2049, 2051, DisplayName = "UTCTime, then GeneralizedTime")]
    public void Sign_DatesEitherSideOf2050_EncodedAsCertificateRequestEncodesThem(int notBeforeYear, int notAfterYear)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=dates.test", key, HashAlgorithmName.SHA256);
        var generator = X509SignatureGenerator.CreateForECDsa(key);
        // Fractions of a second and a non-UTC offset: both must come out as CertificateRequest writes them.
        var notBefore = new DateTimeOffset(notBeforeYear, 12, 31, 23, 59, 59, 999, TimeSpan.FromHours(-5));
        var notAfter = new DateTimeOffset(notAfterYear, 1, 1, 0, 0, 0, 500, TimeSpan.FromHours(3));

        var (der, _) = CertificateEncoder.Sign(request, request.SubjectName, generator, null, notBefore, notAfter, [0x42]);
        using var reference = request.Create(request.SubjectName, generator, notBefore, notAfter, [0x42]);

        CollectionAssert.AreEqual(Tbs(reference.RawData), Tbs(der));
    }

    [TestMethod]
    public void Sign_NoExtensions_LeavesOutTheExtensionsFieldAsCertificateRequestDoes()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var (request, generator) = Request("CN=bare.test", key);

        var (der, _) = CertificateEncoder.Sign(request, request.SubjectName, generator, null, NotBefore, NotBefore.AddDays(1), [0x01]);
        using var reference = request.Create(request.SubjectName, generator, NotBefore, NotBefore.AddDays(1), [0x01]);

        CollectionAssert.AreEqual(Tbs(reference.RawData), Tbs(der));
    }

    [TestMethod]
    public void Sign_DuplicateExtension_ThrowsAsCertificateRequestDoes()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var (request, generator) = Request("CN=twice.test", key);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));

        Assert.ThrowsExactly<InvalidOperationException>(() => request.Create(request.SubjectName, generator, NotBefore, NotBefore.AddDays(1), [0x01]));
        var ours = Assert.ThrowsExactly<InvalidOperationException>(() => CertificateEncoder.Sign(request, request.SubjectName, generator, null, NotBefore, NotBefore.AddDays(1), [0x01]));
        StringAssert.Contains(ours.Message, "2.5.29.19");
    }

    [TestMethod]
    public void Sign_DatesReversedOrEmptySerial_ThrowsArgumentException()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var (request, generator) = Request("CN=bad.test", key);

        Assert.ThrowsExactly<ArgumentException>(() => CertificateEncoder.Sign(request, request.SubjectName, generator, null, NotBefore, NotBefore.AddDays(-1), [0x01]));
        Assert.ThrowsExactly<ArgumentException>(() => CertificateEncoder.Sign(request, request.SubjectName, generator, null, NotBefore, NotBefore.AddDays(1), []));
    }

    [TestMethod]
    public void Certificate_MadeFromTheDerOnFirstUse_IsTheSameCertificateAsThePem()
    {
        using var ca = TestCertificateAuthority.Create();
        using var leaf = ca.IssueServerCertificate("lazy.test");
        var pem = leaf.CertificatePem;

        using var fromPem = X509Certificate2.CreateFromPem(pem);
        CollectionAssert.AreEqual(fromPem.RawData, leaf.Certificate.RawData);
        Assert.IsTrue(leaf.Certificate.HasPrivateKey);
        Assert.AreEqual(fromPem.SerialNumber, leaf.Certificate.SerialNumber);
    }

    // Makes each kind of certificate CertKit issues with one key algorithm: 9 certificates, more with the catalogue.
    private static void MakeEveryKind(KeyAlgorithm algorithm, bool withCatalogue)
    {
        using var selfSigned = TemporaryCertificate.Create(new CertificateOptions { KeyAlgorithm = algorithm, SubjectAlternativeNames = { "self.test", "10.1.2.3", "::1" } });
        using var root = TestCertificateAuthority.Create(new CertificateOptions
        {
            KeyAlgorithm = algorithm,
            CommonName = "Encoder Root",
            Organization = "CertKit Tests",
            OrganizationalUnit = "TBS",
            PathLengthConstraint = 2,
        });
        using var intermediate = root.CreateIntermediate(new CertificateOptions
        {
            PermittedDnsNames = { "allowed.test" },
            ExcludedDnsNames = { "blocked.allowed.test" },
            PathLengthConstraint = 0,
        });
        using var server = intermediate.IssueServerCertificate("api.allowed.test");
        using var client = root.IssueClientCertificate("alice");
        using var both = root.Issue(new CertificateOptions { Purpose = CertificatePurpose.ServerAndClient, SubjectAlternativeNames = { "both.test" } });
        using var custom = root.Issue(new CertificateOptions
        {
            SubjectAlternativeNames = { "custom.test" },
            Extensions = { new X509Extension("1.2.3.4.5.6.7", [0x05, 0x00], critical: true), new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, critical: true) },
        });
        using var givenKey = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        using var withGivenKey = algorithm == KeyAlgorithm.EcdsaP256
            ? TemporaryCertificate.Create(new CertificateOptions { Key = givenKey }) // a caller's key, certified
            : TemporaryCertificate.Create(new CertificateOptions { KeyAlgorithm = algorithm, Purpose = CertificatePurpose.Client, SubjectAlternativeNames = { } , CommonName = "self-signed client" });
        using var longLived = TemporaryCertificate.Create(new CertificateOptions { KeyAlgorithm = algorithm, NotAfter = new DateTimeOffset(2051, 6, 1, 12, 0, 0, TimeSpan.Zero) });

        if (withCatalogue)
        {
            foreach (var brokenCase in BrokenCertificateCase.All)
            {
                using var broken = brokenCase.CreateFor(root);
            }
        }
    }

    private static readonly DateTimeOffset NotBefore = DateTimeOffset.UnixEpoch.AddYears(40);

    // A bare P-256 request and the generator that self-signs it.
    private static (CertificateRequest Request, X509SignatureGenerator Generator) Request(string subject, ECDsa key) =>
        (new CertificateRequest(subject, key, HashAlgorithmName.SHA256), X509SignatureGenerator.CreateForECDsa(key));

    // The first element of Certificate ::= SEQUENCE { tbsCertificate, signatureAlgorithm, signatureValue }.
    private static byte[] Tbs(byte[] certificate)
    {
        var reader = new AsnReader(certificate, AsnEncodingRules.DER).ReadSequence();
        return reader.ReadEncodedValue().ToArray();
    }
}
