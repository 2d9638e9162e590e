using System.Security.Authentication;
using CertKit.MSTest.Tests.Support;
using Xunit;

namespace CertKit.XunitV3.Tests;

/// <summary>
/// The catalogue as xUnit.net theory rows: with BrokenCertificateCaseSerializer registered (AssemblyInfo.cs), each case
/// is a test of its own named after the case, and each is refused in a real handshake where .NET refuses it.
/// </summary>
public sealed class BrokenCertificateTheoryTests
{
    public static TheoryData<BrokenCertificateCase> Cases => new(BrokenCertificateCase.All);

    [Fact]
    public void Cases_EveryCatalogueCase_OneRowEach()
    {
        Assert.Equal(BrokenCertificateCase.All, Cases.Select(row => row.Data));
        Assert.Equal(CatalogueOnDotNet.RefusalWords.Keys.Order(), BrokenCertificateCase.All.Select(c => c.Name).Order()); // a new case needs a row in CatalogueOnDotNet
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Cases_Discovered_OneTestPerCaseNamedAfterIt(BrokenCertificateCase brokenCase)
    {
        var expected = $"{typeof(BrokenCertificateTheoryTests).FullName}.{nameof(Cases_Discovered_OneTestPerCaseNamedAfterIt)}(brokenCase: {brokenCase.Name})";

        // The test case, not only the test: a theory whose rows cannot be serialized is discovered as one test case
        // named after the method alone, and its rows are only told apart when it runs.
        Assert.Equal(expected, TestContext.Current.TestCase!.TestCaseDisplayName);
        Assert.Equal(expected, TestContext.Current.Test!.TestDisplayName);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Handshake_BrokenCertificate_RefusedWhereDotNetRefuses(BrokenCertificateCase brokenCase)
    {
        using var ca = TestCertificateAuthority.Create(new CertificateOptions { Logger = new TestContextLogger() });
        using var broken = brokenCase.CreateFor(ca);

        if (CatalogueOnDotNet.RefusalWords[brokenCase.Name] is { } refusal)
        {
            var refused = await Assert.ThrowsAsync<AuthenticationException>(() => LoopbackTls.HandshakeAsync(broken.CreateServerOptions(), broken.CreateClientOptions()));
            Assert.Contains(refusal, refused.Message, StringComparison.Ordinal);
        }
        else
        {
            Assert.Equal(broken.Certificate.Certificate.Thumbprint, await LoopbackTls.HandshakeAsync(broken.CreateServerOptions(), broken.CreateClientOptions()));
        }
    }

    [Fact]
    public async Task Handshake_GoodCertificatesFromTheSameAuthority_Accepted()
    {
        using var ca = TestCertificateAuthority.Create();
        using var good = ca.IssueServerCertificate("localhost");
        using var alice = ca.IssueClientCertificate("alice");

        var accepted = await LoopbackTls.HandshakeAsync(
            ca.Trust.CreateServerOptions(good, ClientCertificateRequirement.Required), ca.Trust.CreateClientOptions("localhost", alice));

        Assert.Equal(good.Certificate.Thumbprint, accepted);
    }
}
