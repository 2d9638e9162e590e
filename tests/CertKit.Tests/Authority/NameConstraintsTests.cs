using System.Net.Security;
using CertKit.Tests.Support;

namespace CertKit.Tests.Authority;

[TestClass]
public sealed class NameConstraintsTests
{
    [TestMethod]
    public async Task PermittedDnsNames_LeafInside_AcceptedAndLeafOutside_Refused()
    {
        var options = new CertificateOptions { PermittedDnsNames = { "allowed.test" } };
        using var ca = TestCertificateAuthority.Create(options);
        using var inside = ca.IssueServerCertificate("api.allowed.test");
        using var outside = ca.IssueServerCertificate("api.other.test");

        var (accepted, _) = await TlsPair.RunAsync(ca.Trust.CreateServerOptions(inside), ca.Trust.CreateClientOptions("api.allowed.test"));
        var (refused, _) = await TlsPair.RunAsync(ca.Trust.CreateServerOptions(outside), ca.Trust.CreateClientOptions("api.other.test"));

        Assert.IsTrue(accepted.Succeeded, accepted.ToString());
        Assert.IsFalse(refused.Succeeded, refused.ToString());
        Assert.AreEqual(SslPolicyErrors.RemoteCertificateChainErrors, refused.PolicyErrors);
        Assert.IsTrue(refused.ChainStatus.HasFlag(X509ChainStatusFlags.HasNotPermittedNameConstraint), refused.ToString());
    }

    [TestMethod]
    public async Task ExcludedDnsNames_LeafInsideExcluded_Refused()
    {
        var options = new CertificateOptions { ExcludedDnsNames = { "blocked.test" } };
        using var ca = TestCertificateAuthority.Create(options);
        using var blocked = ca.IssueServerCertificate("api.blocked.test");
        using var fine = ca.IssueServerCertificate("api.fine.test");

        var (refused, _) = await TlsPair.RunAsync(ca.Trust.CreateServerOptions(blocked), ca.Trust.CreateClientOptions("api.blocked.test"));
        var (accepted, _) = await TlsPair.RunAsync(ca.Trust.CreateServerOptions(fine), ca.Trust.CreateClientOptions("api.fine.test"));

        Assert.IsFalse(refused.Succeeded, refused.ToString());
        Assert.IsTrue(refused.ChainStatus.HasFlag(X509ChainStatusFlags.HasExcludedNameConstraint), refused.ToString());
        Assert.IsTrue(accepted.Succeeded, accepted.ToString());
    }

    [TestMethod]
    public void PermittedDnsNames_Given_ExtensionIsCritical()
    {
        using var ca = TestCertificateAuthority.Create(new CertificateOptions { PermittedDnsNames = { "allowed.test" } });

        var extension = ca.Certificate.Certificate.Extensions["2.5.29.30"];

        Assert.IsNotNull(extension);
        Assert.IsTrue(extension.Critical);
    }

    [TestMethod]
    [DataRow("*.wild.test")]
    [DataRow("10.1.2.3")]
    [DataRow("bad name")]
    public void PermittedDnsNames_NotADnsName_ThrowsNamingIt(string name)
    {
        var e = Assert.ThrowsExactly<ArgumentException>(() => TestCertificateAuthority.Create(new CertificateOptions { PermittedDnsNames = { name } }));

        Assert.Contains($"'{name}'", e.Message);
        Assert.AreEqual(nameof(CertificateOptions.PermittedDnsNames), e.ParamName);
    }

    [TestMethod]
    public void PathLengthConstraint_Negative_ThrowsNamingIt()
    {
        var e = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => TestCertificateAuthority.Create(new CertificateOptions { PathLengthConstraint = -1 }));

        Assert.AreEqual(nameof(CertificateOptions.PathLengthConstraint), e.ParamName);
        Assert.Contains("PathLengthConstraint -1", e.Message);
    }
}
