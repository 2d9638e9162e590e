using System.Net.Security;
using CertKit.Tests.Support;

namespace CertKit.Tests;

[TestClass]
public sealed class TemporaryCertificateOptionsTests
{
    [TestMethod]
    public void Create_NullOptions_ThrowsArgumentNullException()
    {
        var e = Assert.ThrowsExactly<ArgumentNullException>(() => TemporaryCertificate.Create((TemporaryCertificateOptions)null!));

        Assert.AreEqual("options", e.ParamName);
    }

    [TestMethod]
    public void Create_NullKeyAlgorithm_ThrowsNamingTheOption()
    {
        var e = Assert.ThrowsExactly<ArgumentNullException>(() => TemporaryCertificate.Create(new TemporaryCertificateOptions { KeyAlgorithm = null! }));

        Assert.Contains("KeyAlgorithm is null", e.Message);
    }

    [TestMethod]
    public void Create_NullTimeProvider_ThrowsNamingTheOption()
    {
        var e = Assert.ThrowsExactly<ArgumentNullException>(() => TemporaryCertificate.Create(new TemporaryCertificateOptions { TimeProvider = null! }));

        Assert.Contains("TimeProvider is null", e.Message);
    }

    [TestMethod]
    public void Create_NullLogger_ThrowsNamingTheOption()
    {
        var e = Assert.ThrowsExactly<ArgumentNullException>(() => TemporaryCertificate.Create(new TemporaryCertificateOptions { Logger = null! }));

        Assert.Contains("Logger is null", e.Message);
    }

    [TestMethod]
    [DataRow("not a name")]
    [DataRow("   ")]
    [DataRow("CN")]
    [DataRow("CN=a, =b")]
    public void Create_MalformedSubject_ThrowsNamingIt(string subject)
    {
        var e = Assert.ThrowsExactly<ArgumentException>(() => TemporaryCertificate.Create(new TemporaryCertificateOptions { Subject = subject }));

        Assert.AreEqual(nameof(TemporaryCertificateOptions.Subject), e.ParamName);
        Assert.Contains($"'{subject}'", e.Message);
    }

    [TestMethod]
    public void Create_SubjectGiven_UsedAsSubjectAndIssuer()
    {
        using var cert = TemporaryCertificate.Create(new TemporaryCertificateOptions { Subject = "CN=My Server, O=Contoso" });

        Assert.AreEqual("CN=My Server, O=Contoso", cert.Certificate.Subject);
        Assert.AreEqual("CN=My Server, O=Contoso", cert.Certificate.Issuer);
    }

    [TestMethod]
    public void Create_KeyUsageGiven_WrittenCritical()
    {
        var usage = X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.NonRepudiation;

        using var cert = TemporaryCertificate.Create(new TemporaryCertificateOptions { KeyUsage = usage });

        var extension = cert.Certificate.Extensions.OfType<X509KeyUsageExtension>().Single();
        Assert.AreEqual(usage, extension.KeyUsages);
        Assert.IsTrue(extension.Critical);
    }

    [TestMethod]
    public async Task Create_ClientAuthenticationUsageOnly_RefusedAsServerCertificate()
    {
        var options = new TemporaryCertificateOptions();
        options.ExtendedKeyUsages.Add(new Oid("1.3.6.1.5.5.7.3.2"));
        using var clientOnly = TemporaryCertificate.Create(options);
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
        var options = new TemporaryCertificateOptions();
        options.SubjectAlternativeNames.Add("first.test");
        using var cert = TemporaryCertificate.Create(options);

        options.SubjectAlternativeNames[0] = "second.test";

        Assert.AreEqual("CN=first.test, O=CertKit", cert.Certificate.Subject);
        StringAssert.Contains(cert.ToString(), "first.test");
    }

    [TestMethod]
    public void Create_ExtendedKeyUsageWithoutValue_ThrowsArgumentException()
    {
        var options = new TemporaryCertificateOptions();
        options.ExtendedKeyUsages.Add(new Oid());

        var e = Assert.ThrowsExactly<ArgumentException>(() => TemporaryCertificate.Create(options));

        Assert.AreEqual(nameof(TemporaryCertificateOptions.ExtendedKeyUsages), e.ParamName);
    }

    [TestMethod]
    public void Create_KeyUsageNone_ThrowsNamingIt()
    {
        var e = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => TemporaryCertificate.Create(new TemporaryCertificateOptions { KeyUsage = X509KeyUsageFlags.None }));

        Assert.AreEqual(nameof(TemporaryCertificateOptions.KeyUsage), e.ParamName);
        Assert.Contains("KeyUsage None", e.Message);
    }
}
