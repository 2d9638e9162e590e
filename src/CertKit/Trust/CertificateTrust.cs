using System.Net.Http;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace CertKit;

/// <summary>
/// What a TLS client or server trusts: one root (an authority's, or a self-signed certificate itself) and nothing else:
/// no machine or user store, and never a callback that accepts everything. Hand it to <see cref="SslStream"/>,
/// <see cref="HttpClient"/>, clients that take only a validation callback, and child processes.
/// </summary>
/// <example>
/// <code>
/// using var ca = TestCertificateAuthority.Create();
/// using var server = ca.IssueServerCertificate("localhost");
/// var serverOptions = ca.Trust.CreateServerOptions(server);
/// var clientOptions = ca.Trust.CreateClientOptions("localhost");
/// </code>
/// </example>
/// <remarks>
/// Get one from <see cref="TestCertificateAuthority.Trust"/> or <see cref="TemporaryCertificate.Trust"/>. When the root's
/// authority has a <see cref="RevocationResponder"/>, everything made here checks revocation online. Every method returns
/// a new object; the trust reads its certificate when called, so it throws <see cref="ObjectDisposedException"/> once that
/// certificate is disposed.
/// </remarks>
public sealed class CertificateTrust
{
    private const string SslCertFile = "SSL_CERT_FILE";
    private const string RequestsCaBundle = "REQUESTS_CA_BUNDLE";
    private const string NodeExtraCaCerts = "NODE_EXTRA_CA_CERTS";
    private const string CurlCaBundle = "CURL_CA_BUNDLE";

    private readonly TemporaryCertificate _anchorHolder;
    private readonly bool _checkRevocation;

    internal CertificateTrust(TemporaryCertificate anchorHolder, bool checkRevocation)
    {
        _anchorHolder = anchorHolder;
        _checkRevocation = checkRevocation;
    }

    /// <summary>Options for an <see cref="SslStream"/> client that trusts this root only, optionally presenting a client certificate.</summary>
    /// <param name="targetHost">The host name or IP address the client expects the server certificate to name (SNI and the name check).</param>
    /// <param name="clientCertificate">A certificate to present for mutual TLS (its intermediates are sent too), or <see langword="null"/>.</param>
    /// <returns>New options.</returns>
    /// <exception cref="ArgumentException"><paramref name="targetHost"/> is null, empty or white space.</exception>
    public SslClientAuthenticationOptions CreateClientOptions(string targetHost, TemporaryCertificate? clientCertificate = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(targetHost);
        return ClientOptions(targetHost, clientCertificate);
    }

    /// <summary>
    /// Options for an <see cref="SslStream"/> server presenting <paramref name="serverCertificate"/> with its intermediates,
    /// from a certificate context built once per certificate. Client certificates, when asked for, must chain to this root;
    /// when the trust comes from an intermediate authority, a client that sends only its leaf is accepted too.
    /// </summary>
    /// <param name="serverCertificate">The server's certificate (from any issuer: this trust decides only what clients must present).</param>
    /// <param name="clientCertificates">Whether to ask clients for a certificate.</param>
    /// <param name="stapling">Whether to staple OCSP answers from the server certificate's issuer.</param>
    /// <returns>New options.</returns>
    public SslServerAuthenticationOptions CreateServerOptions(
        TemporaryCertificate serverCertificate,
        ClientCertificateRequirement clientCertificates = ClientCertificateRequirement.None,
        OcspStapling stapling = OcspStapling.Off)
    {
        ArgumentNullException.ThrowIfNull(serverCertificate);
        if (!Enum.IsDefined(clientCertificates))
        {
            throw new ArgumentOutOfRangeException(nameof(clientCertificates), clientCertificates, $"{(int)clientCertificates} is not a ClientCertificateRequirement.");
        }

        if (!Enum.IsDefined(stapling))
        {
            throw new ArgumentOutOfRangeException(nameof(stapling), stapling, $"{(int)stapling} is not an OcspStapling.");
        }

        var options = new SslServerAuthenticationOptions
        {
            ServerCertificateContext = stapling == OcspStapling.On ? serverCertificate.StaplingContext : serverCertificate.ServerContext,
        };
        if (clientCertificates == ClientCertificateRequirement.None)
        {
            return options;
        }

        options.ClientCertificateRequired = true;
        options.CertificateChainPolicy = ChainPolicy(withKnownIntermediates: true);
        options.CertificateRevocationCheckMode = RevocationMode;
        if (clientCertificates == ClientCertificateRequirement.Optional)
        {
            // .NET checks a certificate that is sent with the policy above; only its absence is let through.
            options.RemoteCertificateValidationCallback = static (_, _, _, errors) =>
                errors is SslPolicyErrors.None or SslPolicyErrors.RemoteCertificateNotAvailable;
        }

        return options;
    }

    /// <summary>An <see cref="HttpClient"/> handler that trusts this root only, optionally presenting a client certificate.</summary>
    /// <param name="clientCertificate">A certificate to present for mutual TLS, or <see langword="null"/>.</param>
    /// <returns>A new handler; the caller owns it (an <see cref="HttpClient"/> built on it disposes it).</returns>
    public SocketsHttpHandler CreateHttpHandler(TemporaryCertificate? clientCertificate = null) => new()
    {
        // SocketsHttpHandler fills in the target host from each request's URI.
        SslOptions = ClientOptions(targetHost: null, clientCertificate),
    };

    /// <summary>A chain policy that trusts this root and nothing else, for <see cref="X509Chain"/> and any API that takes one (Kestrel's client-certificate check).</summary>
    /// <remarks>
    /// When the trust comes from an intermediate authority, or a certificate under one, the intermediates between it and the
    /// root are in the policy's extra store (never trusted, only there to build chains), as in the server options, so that a
    /// peer that sends only its leaf still chains. Client options leave them out, to catch a server that forgets its intermediates.
    /// </remarks>
    /// <returns>A new policy.</returns>
    public X509ChainPolicy CreateChainPolicy() => ChainPolicy(withKnownIntermediates: true);

    /// <summary>
    /// The policy; with <paramref name="withKnownIntermediates"/>, the intermediates between the holder and its root go into the
    /// extra store. Servers checking clients get them, so that a client sending only its leaf still chains; clients do not,
    /// so that a server that forgets its intermediates is still caught.
    /// </summary>
    private X509ChainPolicy ChainPolicy(bool withKnownIntermediates)
    {
        var policy = new X509ChainPolicy
        {
            TrustMode = X509ChainTrustMode.CustomRootTrust,
            // Without a responder, certificates carry no revocation endpoints and checking would only report "unknown".
            RevocationMode = RevocationMode,
            RevocationFlag = X509RevocationFlag.ExcludeRoot,
        };
        // A copy per policy: a policy is the caller's, who may dispose what is in it, and may outlive the certificate.
        policy.CustomTrustStore.Add(X509CertificateLoader.LoadCertificate(_anchorHolder.TrustAnchorDer.Span));
        foreach (var der in withKnownIntermediates ? _anchorHolder.BelowAnchorDer : [])
        {
            policy.ExtraStore.Add(X509CertificateLoader.LoadCertificate(der.Span));
        }

        return policy;
    }

    /// <summary>
    /// A validation callback for clients that take only a callback (StackExchange.Redis, RabbitMQ.Client, MQTTnet, MailKit and
    /// others): it accepts a certificate that chains to this root, and keeps the checks the platform made for the host name,
    /// the extended key usage and a missing certificate. Use it where a test would otherwise write <c>=&gt; true</c>.
    /// </summary>
    /// <remarks>
    /// On a server, it refuses a client that sends no certificate, even where the server did not ask for one (.NET reports
    /// both alike): use it on servers that require client certificates, and
    /// <see cref="CreateServerOptions"/> with <see cref="ClientCertificateRequirement.Optional"/> where they are optional.
    /// </remarks>
    /// <returns>A new callback.</returns>
    public RemoteCertificateValidationCallback CreateValidationCallback()
    {
        // Read now, while the certificate lives; each call checks against a copy of the same policy the client options use.
        var trustOnly = ChainPolicy(withKnownIntermediates: false);
        return (_, certificate, chain, errors) =>
        {
            // No certificate is refused: .NET reports a missing client certificate the same way whether or not the server
            // asked for one, so the callback fails closed.
            if (certificate is null || (errors & (SslPolicyErrors.RemoteCertificateNameMismatch | SslPolicyErrors.RemoteCertificateNotAvailable)) != 0)
            {
                return false;
            }

            using var custom = new X509Chain { ChainPolicy = trustOnly.Clone() };
            if (chain is not null)
            {
                // The usage the platform asked for (serverAuth for a client, clientAuth for a server) and what the peer sent.
                foreach (var usage in chain.ChainPolicy.ApplicationPolicy)
                {
                    custom.ChainPolicy.ApplicationPolicy.Add(usage);
                }

                foreach (var element in chain.ChainElements)
                {
                    custom.ChainPolicy.ExtraStore.Add(element.Certificate);
                }

                custom.ChainPolicy.ExtraStore.AddRange(chain.ChainPolicy.ExtraStore);
            }

            using var leaf = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
            return custom.Build(leaf);
        };
    }

    /// <summary>
    /// Writes the root as a PEM file, if not yet written, and returns its path: for clients that take a CA file (Npgsql's
    /// <c>Root Certificate</c>, StackExchange.Redis's <c>TrustIssuer</c>, MySqlConnector's <c>SslCa</c>, curl's <c>--cacert</c>).
    /// </summary>
    /// <remarks>
    /// The file is the <c>trust-anchor.pem</c> of the certificate this trust came from (its
    /// <see cref="CertificateFiles.TrustAnchorPath"/>), deleted with it. Only the root is written, never a private key.
    /// </remarks>
    /// <returns>The full path of the file.</returns>
    /// <exception cref="IOException">The file cannot be written; the message names the path.</exception>
    public string WriteCaFile() => _anchorHolder.WriteTrustAnchorFile();

    /// <summary>The root as a new certificate collection, for clients that take certificates (MQTTnet's <c>WithTrustChain</c>, an <see cref="X509Chain"/>'s custom trust store).</summary>
    /// <returns>A new collection; the caller owns its certificate.</returns>
    public X509Certificate2Collection CreateCertificateCollection() => [X509CertificateLoader.LoadCertificate(_anchorHolder.TrustAnchorDer.Span)];

    /// <summary>
    /// Environment variables that make programs other than .NET trust this root: <c>SSL_CERT_FILE</c> (OpenSSL, Ruby, Go on
    /// Linux, Python's default context), <c>REQUESTS_CA_BUNDLE</c> (Python requests), <c>NODE_EXTRA_CA_CERTS</c> (Node.js) and
    /// <c>CURL_CA_BUNDLE</c> (curl). Add them to a <c>ProcessStartInfo.Environment</c>.
    /// </summary>
    /// <remarks>Each variable names the file of <see cref="WriteCaFile"/>, written if it is not yet: the root alone, never a private key.</remarks>
    /// <returns>A new dictionary.</returns>
    /// <exception cref="IOException">The file cannot be written; the message names the path.</exception>
    public IReadOnlyDictionary<string, string> CreateEnvironmentVariables()
    {
        var caFile = WriteCaFile();
        return new Dictionary<string, string>
        {
            [SslCertFile] = caFile,
            [RequestsCaBundle] = caFile,
            [NodeExtraCaCerts] = caFile,
            [CurlCaBundle] = caFile,
        };
    }


    private X509RevocationMode RevocationMode => _checkRevocation ? X509RevocationMode.Online : X509RevocationMode.NoCheck;

    private SslClientAuthenticationOptions ClientOptions(string? targetHost, TemporaryCertificate? clientCertificate) => new()
    {
        TargetHost = targetHost,
        CertificateChainPolicy = ChainPolicy(withKnownIntermediates: false),
        CertificateRevocationCheckMode = RevocationMode,
        ClientCertificateContext = clientCertificate?.ServerContext,
    };
}
