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

    public static X509ChainPolicy TrustOnly(X509Certificate2 root)
    {
        var policy = new X509ChainPolicy
        {
            TrustMode = X509ChainTrustMode.CustomRootTrust,
            // Test certificates carry no revocation endpoints; checking would only report "unknown".
            RevocationMode = X509RevocationMode.NoCheck,
        };
        policy.CustomTrustStore.Add(root);
        return policy;
    }

    public static SslClientAuthenticationOptions ClientOptions(string? targetHost, X509Certificate2 root, TemporaryCertificate? clientCertificate) => new()
    {
        TargetHost = targetHost,
        CertificateChainPolicy = TrustOnly(root),
        CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
        ClientCertificateContext = clientCertificate?.ServerContext,
    };

    public static SslServerAuthenticationOptions ServerOptions(TemporaryCertificate serverCertificate, X509Certificate2? clientRoot) => new()
    {
        ServerCertificateContext = serverCertificate.ServerContext,
        ClientCertificateRequired = clientRoot is not null,
        CertificateChainPolicy = clientRoot is null ? null : TrustOnly(clientRoot),
        CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
    };

    public static SocketsHttpHandler HttpHandler(X509Certificate2 root, TemporaryCertificate? clientCertificate) => new()
    {
        // SocketsHttpHandler fills in the target host from each request's URI.
        SslOptions = ClientOptions(targetHost: null, root, clientCertificate),
    };

    public static IReadOnlyDictionary<string, string> EnvironmentVariables(string caFile) => new Dictionary<string, string>
    {
        [SslCertFile] = caFile,
        [RequestsCaBundle] = caFile,
        [NodeExtraCaCerts] = caFile,
        [CurlCaBundle] = caFile,
    };
}
