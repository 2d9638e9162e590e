using CertKit.Tests.Support;

namespace CertKit.Tests.Issuing;

/// <summary>Purpose, names, subject parts and a caller's own key: what a certificate is and says, through the public options.</summary>
[TestClass]
public sealed class CertificatePurposeTests
{
    private const string ServerAuth = "1.3.6.1.5.5.7.3.1";
    private const string ClientAuth = "1.3.6.1.5.5.7.3.2";

    [TestMethod]
    public void Issue_ClientPurpose_ClientAuthOnlyAndNoDefaultNames()
    {
        using var ca = TestCertificateAuthority.Create();

        using var client = ca.Issue(new CertificateOptions { Purpose = CertificatePurpose.Client, KeyAlgorithm = KeyAlgorithm.Rsa2048, CommonName = "alice" });

        CollectionAssert.AreEqual(new[] { ClientAuth }, Usages(client));
        Assert.IsFalse(client.Certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().Any(), "a client certificate gets no server names");
        Assert.IsNotNull(client.Certificate.GetRSAPublicKey());
        Assert.AreEqual("CN=alice, O=CertKit", client.Certificate.Subject);
    }

    [TestMethod]
    public void Create_ClientPurposeWithoutNames_HasTheDefaultClientCommonName()
    {
        using var client = TemporaryCertificate.Create(new CertificateOptions { Purpose = CertificatePurpose.Client });

        Assert.AreEqual("CN=CertKit Client, O=CertKit", client.Certificate.Subject);
    }

    [TestMethod]
    public async Task Issue_ServerAndClientPurpose_AcceptedOnBothSidesOfMutualTls()
    {
        using var ca = TestCertificateAuthority.Create();
        using var peer = ca.Issue(new CertificateOptions { Purpose = CertificatePurpose.ServerAndClient });
        using var serverOnly = ca.IssueServerCertificate("localhost");

        var (client, server) = await TlsPair.RunAsync(
            ca.Trust.CreateServerOptions(peer, ClientCertificateRequirement.Required), ca.Trust.CreateClientOptions("localhost", peer));
        var (_, refused) = await TlsPair.RunAsync(
            ca.Trust.CreateServerOptions(peer, ClientCertificateRequirement.Required), ca.Trust.CreateClientOptions("localhost", serverOnly));

        CollectionAssert.AreEqual(new[] { ServerAuth, ClientAuth }, Usages(peer));
        Assert.IsTrue(client.Succeeded && server.Succeeded, $"{client} / {server}");
        Assert.IsFalse(refused.Succeeded, "a server-only certificate is no client certificate");
        Assert.AreEqual(X509ChainStatusFlags.NotValidForUsage, refused.ChainStatus, refused.ToString());
    }

    [TestMethod]
    public async Task Subject_CommonNameOrganizationAndUnit_WrittenMostSignificantFirst()
    {
        using var cert = TemporaryCertificate.Create(new CertificateOptions { CommonName = "billing", Organization = "Contoso", OrganizationalUnit = "Payments" });

        Assert.AreEqual("CN=billing, OU=Payments, O=Contoso", cert.Certificate.Subject);
        var subject = await OpenSsl.RunAsync(["x509", "-noout", "-subject", "-nameopt", "RFC2253", "-in", cert.WriteFiles().CertificatePath]);
        StringAssert.Contains(subject.Output, "subject=CN=billing,OU=Payments,O=Contoso");
        var ordered = await OpenSsl.RunAsync(["x509", "-noout", "-subject", "-nameopt", "oneline", "-in", cert.WriteFiles().CertificatePath]);
        StringAssert.Contains(ordered.Output, "O = Contoso, OU = Payments, CN = billing");
    }

    [TestMethod]
    [DataRow("")]
    [DataRow("  ")]
    public void Create_EmptySubjectPart_ThrowsNamingIt(string value)
    {
        var e = Assert.ThrowsExactly<ArgumentException>(() => TemporaryCertificate.Create(new CertificateOptions { OrganizationalUnit = value }));

        Assert.AreEqual(nameof(CertificateOptions.OrganizationalUnit), e.ParamName);
    }

    [TestMethod]
    public async Task Issue_CallersKey_IsCertifiedAndStaysTheCallers()
    {
        using var ca = TestCertificateAuthority.Create();
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP384);

        using (var cert = ca.Issue(new CertificateOptions { Key = key }))
        {
            using var certified = cert.Certificate.GetECDsaPublicKey()!;
            CollectionAssert.AreEqual(key.ExportSubjectPublicKeyInfo(), certified.ExportSubjectPublicKeyInfo());
            var (client, _) = await TlsPair.RunAsync(ca.Trust.CreateServerOptions(cert), ca.Trust.CreateClientOptions("localhost"));
            Assert.IsTrue(client.Succeeded, client.ToString());
        }

        // Disposing the certificate disposed CertKit's copy, not the caller's key.
        Assert.IsNotEmpty(key.SignData([1, 2, 3], HashAlgorithmName.SHA384));
    }

    [TestMethod]
    public void Create_KeyOnAnUnsupportedCurve_ThrowsNamingKey()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.brainpoolP256r1);

        var e = Assert.ThrowsExactly<ArgumentException>(() => TemporaryCertificate.Create(new CertificateOptions { Key = key }));

        Assert.AreEqual(nameof(CertificateOptions.Key), e.ParamName);
        StringAssert.Contains(e.Message, "NIST");
    }

    [TestMethod]
    public void Create_NullNames_ThrowArgumentNullException()
    {
        Assert.ThrowsExactly<ArgumentNullException>(() => TemporaryCertificate.Create((string[])null!));
        Assert.ThrowsExactly<ArgumentNullException>(() => TemporaryCertificate.Create("localhost", null!));
        using var ca = TestCertificateAuthority.Create();
        Assert.ThrowsExactly<ArgumentNullException>(() => ca.IssueServerCertificate("localhost", null!));
        Assert.ThrowsExactly<ArgumentNullException>(() => ca.IssueClientCertificate(null!));
        var options = new CertificateOptions();
        options.SubjectAlternativeNames.Add(null!);
        Assert.ThrowsExactly<ArgumentNullException>(() => TemporaryCertificate.Create(options));
    }

    [TestMethod]
    [DataRow("https://localhost", "'localhost'")]
    [DataRow("alice@example.test", "an email address")]
    [DataRow("upn:alice@example.test", "a user principal name")]
    public void Create_ServerWithoutHostName_ThrowsSayingToPassTheHostName(string name, string said)
    {
        var e = Assert.ThrowsExactly<ArgumentException>(() => TemporaryCertificate.Create(name));

        Assert.AreEqual(nameof(CertificateOptions.SubjectAlternativeNames), e.ParamName);
        StringAssert.Contains(e.Message, "host name");
        StringAssert.Contains(e.Message, said);
    }

    [TestMethod]
    public void Issue_ClientWithOnlyUriAndEmail_IsFine()
    {
        using var ca = TestCertificateAuthority.Create();

        using var client = ca.IssueClientCertificate("billing", "spiffe://example.test/billing", "billing@example.test");

        var names = client.Certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single().Format(multiLine: false);
        StringAssert.Contains(names, "spiffe://example.test/billing");
        StringAssert.Contains(names, "billing@example.test");
    }

    [TestMethod]
    [DataRow(nameof(CertificateOptions.PathLengthConstraint))]
    [DataRow(nameof(CertificateOptions.PermittedDnsNames))]
    [DataRow(nameof(CertificateOptions.ExcludedDnsNames))]
    public void Create_AuthorityOnlyOptionOnACertificate_ThrowsNamingIt(string property)
    {
        var options = new CertificateOptions();
        switch (property)
        {
            case nameof(CertificateOptions.PathLengthConstraint): options.PathLengthConstraint = 0; break;
            case nameof(CertificateOptions.PermittedDnsNames): options.PermittedDnsNames.Add("example.test"); break;
            default: options.ExcludedDnsNames.Add("example.test"); break;
        }

        var e = Assert.ThrowsExactly<ArgumentException>(() => TemporaryCertificate.Create(options));

        Assert.AreEqual(property, e.ParamName);
        StringAssert.Contains(e.Message, "authorities only");
    }

    [TestMethod]
    public void Create_AuthorityWithPurpose_ThrowsNamingIt()
    {
        var e = Assert.ThrowsExactly<ArgumentException>(() => TestCertificateAuthority.Create(new CertificateOptions { Purpose = CertificatePurpose.Server }));

        Assert.AreEqual(nameof(CertificateOptions.Purpose), e.ParamName);
    }

    [TestMethod]
    public void Create_UndefinedPurpose_ThrowsNamingIt()
    {
        var e = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => TemporaryCertificate.Create(new CertificateOptions { Purpose = (CertificatePurpose)7 }));

        Assert.AreEqual(nameof(CertificateOptions.Purpose), e.ParamName);
    }

    private static string[] Usages(TemporaryCertificate certificate) =>
        [.. certificate.Certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>().Single().EnhancedKeyUsages.Cast<Oid>().Select(o => o.Value!)];
}
