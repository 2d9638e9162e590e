using System.Net.Security;
using CertKit.NUnit.Tests.Inner;
using CertKit.NUnit.Tests.Support;
using CertKit.Tests.Support;

namespace CertKit.NUnit.Tests;

[Parallelizable(ParallelScope.Children)]
public sealed class BrokenCertificateTestCasesTests
{
    // As measured by tests/CertKit.Tests (BrokenCertificateCaseTests): .NET accepts an authority as a leaf, and a .NET server
    // on Linux cannot present these two (OpenSSL's security level 2), so their handshake fails on the server's side.
    private static readonly string[] AcceptedByDotNet = ["ca-as-leaf"];
    private static readonly string[] NotServableByDotNetOnLinux = ["weak-rsa-1024", "sha1-signature"];

    [Test]
    public void All_Read_OneRowPerCaseInOrderWithItsNameAndDescription()
    {
        var rows = BrokenCertificateTestCases.All.ToList();

        Assert.That(rows.Select(r => r.Arguments.Single()), Is.EqualTo(BrokenCertificateCase.All));
        Assert.That(rows.Select(r => r.ArgDisplayNames!.Single()), Is.EqualTo(BrokenCertificateCase.All.Select(c => c.Name)));
        Assert.That(rows.Select(r => r.Properties.Get("Description")), Is.EqualTo(BrokenCertificateCase.All.Select(c => c.Description)));
        Assert.That(BrokenCertificateTestCases.All.First(), Is.Not.SameAs(rows[0]), "fresh rows at every read");
    }

    [Test]
    [NonParallelizable]
    public void TestCaseSource_RunByNUnit_OneTestPerCaseNamedAfterIt()
    {
        var tests = InnerRun.Instance.TestsOf(typeof(CatalogueFixture)).ToList();

        Assert.That(tests.Select(t => t.Name), Is.EqualTo(BrokenCertificateCase.All.Select(c => $"Row({c.Name})")));
        Assert.That(tests.Select(t => t.FullName), Is.EqualTo(BrokenCertificateCase.All.Select(c => $"{typeof(CatalogueFixture).FullName}.Row({c.Name})")));
        Assert.That(tests.Select(t => t.ResultState.Status), Is.All.EqualTo(global::NUnit.Framework.Interfaces.TestStatus.Passed));
    }

    [TestCaseSource(typeof(BrokenCertificateTestCases), nameof(BrokenCertificateTestCases.All))]
    public async Task Handshake_BrokenCase_RefusedWhileTheTrustedControlIsAccepted(BrokenCertificateCase brokenCase)
    {
        using var ca = TestCertificateAuthority.Create();
        using var broken = brokenCase.CreateFor(ca);

        var (client, server) = await TlsPair.RunAsync(broken.CreateServerOptions(), broken.CreateClientOptions());

        var control = await TrustedControlAsync(ca, broken, brokenCase.IsClientCertificate);
        Assert.That(control.Client.Succeeded && control.Server.Succeeded, Is.True, $"control: client {control.Client}; server {control.Server}");
        var validator = brokenCase.IsClientCertificate ? server : client;
        if (AcceptedByDotNet.Contains(brokenCase.Name))
        {
            Assert.That(validator.Succeeded && validator.PolicyErrors == SslPolicyErrors.None, Is.True, validator.ToString());
        }
        else if (NotServableByDotNetOnLinux.Contains(brokenCase.Name))
        {
            Assert.That(server.Succeeded, Is.False, server.ToString());
            Assert.That(server.Error, Is.InstanceOf<System.Security.Authentication.AuthenticationException>(), server.ToString());
        }
        else
        {
            Assert.That(validator.Succeeded, Is.False, validator.ToString());
            Assert.That(validator.PolicyErrors, Is.Not.EqualTo(SslPolicyErrors.None), validator.ToString());
        }
    }

    // The same peer that refuses the broken certificate accepts a good one from the same authority in its place: a client
    // certificate for the broken server's own options, or a server certificate for the host the broken one was made for.
    private static async Task<(SideOutcome Client, SideOutcome Server)> TrustedControlAsync(TestCertificateAuthority ca, BrokenCertificate broken, bool clientCase)
    {
        if (clientCase)
        {
            using var alice = ca.IssueClientCertificate("alice");
            return await TlsPair.RunAsync(broken.CreateServerOptions(), ca.Trust.CreateClientOptions(broken.TargetHost, alice));
        }

        using var good = ca.IssueServerCertificate(broken.TargetHost);
        return await TlsPair.RunAsync(ca.Trust.CreateServerOptions(good), ca.Trust.CreateClientOptions(broken.TargetHost));
    }
}
