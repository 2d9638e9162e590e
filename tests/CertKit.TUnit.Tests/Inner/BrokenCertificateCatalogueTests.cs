using System.Security.Authentication;
using CertKit.MSTest.Tests.Support;

namespace CertKit.TUnit.Tests.Inner;

/// <summary>[BrokenCertificateCases]: one test per case, each a real handshake on 127.0.0.1 beside a trusted control.</summary>
[ClassDataSource<SharedCertificateAuthority>(Shared = SharedType.PerClass)]
public sealed class BrokenCertificateCatalogueTests(SharedCertificateAuthority shared)
{
    [Test]
    [BrokenCertificateCases]
    public async Task Handshake_BrokenCase_RefusedWhereDotNetRefusesAndControlAccepted(BrokenCertificateCase brokenCase)
    {
        var ca = shared.Authority;
        using var broken = brokenCase.CreateFor(ca);

        if (CatalogueOnDotNet.RefusalWords[brokenCase.Name] is { } refusal)
        {
            Func<Task> handshake = () => LoopbackTls.HandshakeAsync(broken.CreateServerOptions(), broken.CreateClientOptions());
            var refused = await Assert.That(handshake).ThrowsExactly<AuthenticationException>();
            await Assert.That(refused!.ToString()).Contains(refusal);
        }
        else
        {
            var acceptedBroken = await LoopbackTls.HandshakeAsync(broken.CreateServerOptions(), broken.CreateClientOptions());
            await Assert.That(acceptedBroken).IsEqualTo(broken.Certificate.Certificate.Thumbprint);
        }

        // The control: the same sides with certificates the shared authority issued properly are accepted.
        using var goodServer = ca.IssueServerCertificate(broken.TargetHost);
        using var goodClient = ca.IssueClientCertificate("alice");
        var accepted = brokenCase.IsClientCertificate
            ? await LoopbackTls.HandshakeAsync(broken.CreateServerOptions(), ca.Trust.CreateClientOptions(broken.TargetHost, goodClient))
            : await LoopbackTls.HandshakeAsync(ca.Trust.CreateServerOptions(goodServer), ca.Trust.CreateClientOptions(broken.TargetHost));
        await Assert.That(accepted).IsNotNull();
        await Assert.That(TestContext.Current!.Metadata.DisplayName).IsEqualTo($"Handshake_BrokenCase_RefusedWhereDotNetRefusesAndControlAccepted({brokenCase.Name})");
    }
}
