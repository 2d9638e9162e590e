using System.Net.Security;
using CertKit.Tests.Support;

namespace CertKit.Tests;

[TestClass]
public sealed class SubjectAlternativeNameTests
{
    [TestMethod]
    [DataRow("api.test", "api.test", DisplayName = "DNS name")]
    [DataRow("*.api.test", "www.api.test", DisplayName = "wildcard DNS name")]
    [DataRow("10.1.2.3", "10.1.2.3", DisplayName = "IPv4 address")]
    [DataRow("fd00::1", "fd00::1", DisplayName = "IPv6 address")]
    [DataRow("API.Test", "api.test", DisplayName = "DNS name in another case")]
    public async Task Handshake_TargetHostListed_Succeeds(string name, string targetHost)
    {
        using var cert = TemporaryCertificate.Create(name);

        var outcome = await LoopbackTls.HandshakeAsync(cert.Certificate, cert.Certificate, targetHost);

        Assert.IsTrue(outcome.Succeeded, outcome.ToString());
        Assert.AreEqual(SslPolicyErrors.None, outcome.PolicyErrors);
    }

    [TestMethod]
    [DataRow("api.test", "other.test", DisplayName = "other DNS name")]
    [DataRow("api.test", "www.api.test", DisplayName = "subdomain of a plain name")]
    [DataRow("*.api.test", "api.test", DisplayName = "wildcard does not match its parent")]
    [DataRow("*.api.test", "a.www.api.test", DisplayName = "wildcard matches one label only")]
    [DataRow("10.1.2.3", "10.1.2.4", DisplayName = "other IPv4 address")]
    [DataRow("fd00::1", "fd00::2", DisplayName = "other IPv6 address")]
    [DataRow("127.0.0.1", "localhost", DisplayName = "address does not cover a name")]
    public async Task Handshake_TargetHostNotListed_FailsWithNameMismatch(string name, string targetHost)
    {
        using var cert = TemporaryCertificate.Create(name);

        var outcome = await LoopbackTls.HandshakeAsync(cert.Certificate, cert.Certificate, targetHost);

        Assert.IsFalse(outcome.Succeeded, outcome.ToString());
        Assert.AreEqual(SslPolicyErrors.RemoteCertificateNameMismatch, outcome.PolicyErrors, "the chain is trusted; only the name is wrong");
    }

    [TestMethod]
    [DataRow("", DisplayName = "empty")]
    [DataRow("   ", DisplayName = "blank")]
    [DataRow("bad name.test", DisplayName = "space")]
    [DataRow("under_score.test", DisplayName = "underscore")]
    [DataRow("-api.test", DisplayName = "leading hyphen")]
    [DataRow("api-.test", DisplayName = "trailing hyphen")]
    [DataRow("a..test", DisplayName = "empty label")]
    [DataRow("api.test.", DisplayName = "trailing dot")]
    [DataRow("*.test", DisplayName = "wildcard over a single label")]
    [DataRow("api.*.test", DisplayName = "wildcard not leftmost")]
    [DataRow("w*.api.test", DisplayName = "partial wildcard")]
    [DataRow("10.1.2", DisplayName = "IPv4 with three parts")]
    [DataRow("256.1.1.1", DisplayName = "IPv4 part over 255")]
    [DataRow("01.2.3.4", DisplayName = "IPv4 with a leading zero")]
    [DataRow("1::2::3", DisplayName = "IPv6 with two ::")]
    [DataRow("fe80::1%eth0", DisplayName = "IPv6 with a scope id")]
    [DataRow("[::1]", DisplayName = "IPv6 in brackets")]
    [DataRow("[::1]:443", DisplayName = "IPv6 with a port")]
    [DataRow("::ffff:10.1.2.3", DisplayName = "IPv4-mapped IPv6")]
    [DataRow("0.0.0.0", DisplayName = "unspecified IPv4")]
    [DataRow("::", DisplayName = "unspecified IPv6")]
    [DataRow("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.test", DisplayName = "64-character label")]
    public void Create_MalformedName_ThrowsArgumentExceptionNamingIt(string name)
    {
        var logger = new RecordingLogger();
        var options = new CertificateOptions { Logger = logger };
        options.SubjectAlternativeNames.Add("good.test");
        options.SubjectAlternativeNames.Add(name);

        var e = Assert.ThrowsExactly<ArgumentException>(() => TemporaryCertificate.Create(options));

        Assert.Contains($"'{name}'", e.Message);
        Assert.AreEqual(nameof(CertificateOptions.SubjectAlternativeNames), e.ParamName);
        Assert.IsEmpty(logger.Entries, "nothing may be created for bad input");
    }

    [TestMethod]
    public void Create_NullName_ThrowsArgumentNullExceptionNamingTheNames()
    {
        var e = Assert.ThrowsExactly<ArgumentNullException>(() => TemporaryCertificate.Create("api.test", null!));

        Assert.AreEqual("subjectAlternativeNames", e.ParamName);
    }

    [TestMethod]
    public void Create_NullNameInOptions_ThrowsArgumentNullExceptionNamingTheOption()
    {
        var options = new CertificateOptions { SubjectAlternativeNames = { "api.test", null! } };

        var e = Assert.ThrowsExactly<ArgumentNullException>(() => TemporaryCertificate.Create(options));

        Assert.AreEqual(nameof(CertificateOptions.SubjectAlternativeNames), e.ParamName);
    }

    [TestMethod]
    [DataRow("spiffe://example.test/billing", DisplayName = "URI only")]
    [DataRow("alice@example.test", DisplayName = "email only")]
    [DataRow("upn:alice@example.test", DisplayName = "UPN only")]
    public void Create_ServerCertificateWithoutHostName_ThrowsAndClientCertificateAccepts(string name)
    {
        var e = Assert.ThrowsExactly<ArgumentException>(() => TemporaryCertificate.Create(name));
        using var ca = TestCertificateAuthority.Create();
        var issued = Assert.ThrowsExactly<ArgumentException>(() => ca.IssueServerCertificate(name));
        using var client = ca.Issue(new CertificateOptions { Purpose = CertificatePurpose.Client, SubjectAlternativeNames = { name } });
        using var serverWithHost = TemporaryCertificate.Create(name, "api.test");

        Assert.AreEqual(nameof(CertificateOptions.SubjectAlternativeNames), e.ParamName);
        Assert.Contains("needs a DNS name or an IP address", e.Message);
        Assert.Contains($"'{name}'", e.Message);
        Assert.AreEqual(nameof(CertificateOptions.SubjectAlternativeNames), issued.ParamName);
        Assert.HasCount(1, client.Certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>(), "a client certificate may name only a URI, email or UPN");
        Assert.IsNotNull(serverWithHost.Certificate, "with a host name next to it, the same name is fine on a server certificate");
    }

    [TestMethod]
    public void Create_NullNameArray_ThrowsArgumentNullException()
    {
        Assert.ThrowsExactly<ArgumentNullException>(() => TemporaryCertificate.Create((string[])null!));
    }

    [TestMethod]
    public void Create_InternationalName_StoredAsLowercasePunycode()
    {
        using var cert = TemporaryCertificate.Create("Bücher.Test");

        var san = cert.Certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single();
        CollectionAssert.AreEqual(new[] { "xn--bcher-kva.test" }, san.EnumerateDnsNames().ToArray());
    }

    [TestMethod]
    public void Create_DuplicateNames_StoredOnce()
    {
        using var cert = TemporaryCertificate.Create("api.test", "API.test", "10.1.2.3", "10.1.2.3");

        var san = cert.Certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single();
        Assert.HasCount(1, san.EnumerateDnsNames());
        Assert.HasCount(1, san.EnumerateIPAddresses());
    }

    [TestMethod]
    public void Create_IPv6InLongForm_StoredAsAddress()
    {
        using var cert = TemporaryCertificate.Create("0:0:0:0:0:0:0:1");

        var san = cert.Certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single();
        Assert.AreEqual(System.Net.IPAddress.IPv6Loopback, san.EnumerateIPAddresses().Single());
    }
}
