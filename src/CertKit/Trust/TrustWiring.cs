using System.Net.Http;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace CertKit.Trust;

/// <summary>
/// Configures the platform's TLS types to trust one root and nothing else. Never the machine or user store,
/// never a validation callback: .NET's own chain and name checks stay in charge.
/// </summary>
internal static class TrustWiring
{
    public const string SslCertFile = "SSL_CERT_FILE";
    public const string RequestsCaBundle = "REQUESTS_CA_BUNDLE";
    public const string NodeExtraCaCerts = "NODE_EXTRA_CA_CERTS";
    public const string CurlCaBundle = "CURL_CA_BUNDLE";

    public static X509ChainPolicy TrustOnly(X509Certificate2 root, bool checkRevocation = false)
    {
        var policy = new X509ChainPolicy
        {
            TrustMode = X509ChainTrustMode.CustomRootTrust,
            // Without a responder, certificates carry no revocation endpoints and checking would only report "unknown".
            RevocationMode = RevocationMode(checkRevocation),
            RevocationFlag = X509RevocationFlag.ExcludeRoot,
        };
        policy.CustomTrustStore.Add(root);
        return policy;
    }

    public static SslClientAuthenticationOptions ClientOptions(
        string? targetHost, X509Certificate2 root, TemporaryCertificate? clientCertificate, bool checkRevocation) => new()
    {
        TargetHost = targetHost,
        CertificateChainPolicy = TrustOnly(root, checkRevocation),
        CertificateRevocationCheckMode = RevocationMode(checkRevocation),
        ClientCertificateContext = clientCertificate?.ServerContext,
    };

    public static SslServerAuthenticationOptions ServerOptions(TemporaryCertificate serverCertificate, X509Certificate2? clientRoot, bool checkRevocation) => new()
    {
        ServerCertificateContext = serverCertificate.ServerContext,
        ClientCertificateRequired = clientRoot is not null,
        CertificateChainPolicy = clientRoot is null ? null : TrustOnly(clientRoot, checkRevocation),
        CertificateRevocationCheckMode = RevocationMode(checkRevocation),
    };

    public static SocketsHttpHandler HttpHandler(X509Certificate2 root, TemporaryCertificate? clientCertificate, bool checkRevocation) => new()
    {
        // SocketsHttpHandler fills in the target host from each request's URI.
        SslOptions = ClientOptions(targetHost: null, root, clientCertificate, checkRevocation),
    };

    private static X509RevocationMode RevocationMode(bool checkRevocation) =>
        checkRevocation ? X509RevocationMode.Online : X509RevocationMode.NoCheck;

    public static IReadOnlyDictionary<string, string> EnvironmentVariables(string caFile) => new Dictionary<string, string>
    {
        [SslCertFile] = caFile,
        [RequestsCaBundle] = caFile,
        [NodeExtraCaCerts] = caFile,
        [CurlCaBundle] = caFile,
    };
}
