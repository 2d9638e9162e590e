using System.Security.Authentication;
using CertKit.MSTest.Tests.Support;

namespace CertKit.TUnit.Tests.Inner;

/// <summary>[BrokenCertificateCases]: one test per case, each a real handshake on 127.0.0.1 beside a trusted control.</summary>
[ClassDataSource<SharedCertificateAuthority>(Shared = SharedType.PerClass)]
public sealed class BrokenCertificateCatalogueTests(SharedCertificateAuthority shared)
{
    /// <summary>
    /// What .NET 10's SslStream on Linux does with each case (docs/catalogue.md measures it): a word of its refusal, or
    /// <see langword="null"/> where it accepts a certificate a correct peer refuses.
    /// </summary>
    public static readonly Dictionary<string, string?> DotNetOnLinux = new()
    {
        ["expired"] = "NotTimeValid",
        ["not-yet-valid"] = "NotTimeValid",
        ["wrong-host"] = "RemoteCertificateNameMismatch",
        ["untrusted-issuer"] = "PartialChain",
        ["untrusted-issuer-same-name"] = "PartialChain",
        ["self-signed"] = "UntrustedRoot",
        ["missing-server-auth"] = "NotValidForUsage",
        ["ca-as-leaf"] = null, // accepted: .NET checks neither the leaf's basic constraints nor its key usage
        ["unknown-critical-extension"] = "HasNotSupportedCriticalExtension",
        ["intermediate-without-ca-rights"] = "InvalidBasicConstraints",
        ["missing-intermediate"] = "PartialChain",
        ["name-constraint-violation"] = "HasNotPermittedNameConstraint",
        ["path-length-violation"] = "InvalidBasicConstraints",
        ["client-certificate-from-another-ca"] = "PartialChain", // refused by the server
        ["missing-client-certificate"] = "RemoteCertificateNotAvailable", // refused by the server
        ["revoked"] = "Revoked",
        ["weak-rsa-1024"] = "Authentication failed", // a .NET server on Linux cannot even present it
        ["sha1-signature"] = "Authentication failed", // likewise
    };

    [Test]
    [BrokenCertificateCases]
    public async Task Handshake_BrokenCase_RefusedWhereDotNetRefusesAndControlAccepted(BrokenCertificateCase brokenCase)
    {
        var ca = shared.Authority;
        using var broken = brokenCase.CreateFor(ca);

        if (DotNetOnLinux[brokenCase.Name] is { } refusal)
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
