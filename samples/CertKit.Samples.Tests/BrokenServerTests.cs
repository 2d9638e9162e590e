using System.Security.Authentication;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace CertKit.Samples.Tests;

/// <summary>The sample client against every broken server certificate in the catalogue: what a user's own test of their client looks like.</summary>
[TestClass]
public sealed class BrokenServerTests
{
    #region catalogue
    public static IEnumerable<object[]> BrokenServerCases =>
        BrokenCertificateCase.All.Where(c => !c.IsClientCertificate && c.ServableBySslStream).Select(c => new object[] { c });

    [TestMethod]
    [DynamicData(nameof(BrokenServerCases))]
    public async Task GetTheDataAsync_BrokenServerCertificate_Refused(BrokenCertificateCase brokenCase)
    {
        using var ca = TestCertificateAuthority.Create();
        using var broken = brokenCase.CreateFor(ca);
        await using var server = await MockDataServer.StartAsync(broken.CreateServerOptions());
        var client = new DataFetcher(broken.TargetHost, server.Port, ca.CreateClientOptions(broken.TargetHost));

        if (brokenCase.SslStreamRefuses)
        {
            await Assert.ThrowsExactlyAsync<AuthenticationException>(() => client.GetTheDataAsync("hello"), brokenCase.Description);
        }
        else
        {
            // .NET's SslStream is lenient here (see the case's Description): a stricter client would refuse.
            Assert.AreEqual("HELLO", await client.GetTheDataAsync("hello"));
        }
    }
    #endregion
}
