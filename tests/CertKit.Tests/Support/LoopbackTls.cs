using System.Net.Security;

namespace CertKit.Tests.Support;

/// <summary>
/// The common case of <see cref="TlsPair"/>: a server presenting one certificate, and a client that trusts exactly one
/// root (custom root trust, never the machine store), optionally at another point in time.
/// </summary>
internal static class LoopbackTls
{
    public static async Task<SideOutcome> HandshakeAsync(
        X509Certificate2 serverCertificate,
        X509Certificate2 trustedRoot,
        string targetHost = "localhost",
        DateTime? verificationTime = null)
    {
        var server = new SslServerAuthenticationOptions { ServerCertificate = serverCertificate };
        var client = new SslClientAuthenticationOptions { TargetHost = targetHost, CertificateChainPolicy = TrustOnly(trustedRoot, verificationTime) };
        var (outcome, _) = await TlsPair.RunAsync(server, client);
        return outcome;
    }

    private static X509ChainPolicy TrustOnly(X509Certificate2 root, DateTime? verificationTime)
    {
        var policy = new X509ChainPolicy
        {
            TrustMode = X509ChainTrustMode.CustomRootTrust,
            RevocationMode = X509RevocationMode.NoCheck,
        };
        policy.CustomTrustStore.Add(root);
        if (verificationTime is { } time)
        {
            policy.VerificationTime = time;
            policy.VerificationTimeIgnored = false;
        }

        return policy;
    }
}
