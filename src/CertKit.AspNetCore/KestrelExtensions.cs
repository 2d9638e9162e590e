using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;

namespace CertKit.AspNetCore;

/// <summary>
/// Kestrel wiring for CertKit: serve a <see cref="TemporaryCertificate"/> with its intermediates, and for mutual TLS
/// require client certificates that chain to a <see cref="CertificateTrust"/>, and nothing else.
/// </summary>
/// <example>
/// <code>
/// builder.WebHost.ConfigureKestrel(kestrel =>
///     kestrel.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(serverCertificate, requireClientCertificateFrom: ca.Trust)));
/// </code>
/// </example>
public static class KestrelExtensions
{
    /// <summary>Serves HTTPS on this endpoint with <paramref name="serverCertificate"/>, optionally requiring client certificates.</summary>
    /// <param name="listenOptions">The Kestrel endpoint.</param>
    /// <param name="serverCertificate">The server certificate; its <see cref="TemporaryCertificate.Intermediates"/> are sent too.</param>
    /// <param name="requireClientCertificateFrom">The trust clients' certificates must chain to (mutual TLS), such as an authority's <see cref="TestCertificateAuthority.Trust"/>, or <see langword="null"/>.</param>
    /// <returns>The same <paramref name="listenOptions"/>.</returns>
    public static ListenOptions UseHttps(
        this ListenOptions listenOptions, TemporaryCertificate serverCertificate, CertificateTrust? requireClientCertificateFrom = null)
    {
        ArgumentNullException.ThrowIfNull(listenOptions);
        ArgumentNullException.ThrowIfNull(serverCertificate);
        return Microsoft.AspNetCore.Hosting.ListenOptionsHttpsExtensions.UseHttps(listenOptions, https =>
        {
            https.ServeCertificate(serverCertificate);
            if (requireClientCertificateFrom is not null)
            {
                https.RequireClientCertificate(requireClientCertificateFrom);
            }
        });
    }

    /// <summary>Presents <paramref name="serverCertificate"/> and its intermediates in the TLS handshake.</summary>
    /// <param name="httpsOptions">Kestrel's HTTPS options.</param>
    /// <param name="serverCertificate">The server certificate, with its private key.</param>
    /// <returns>The same <paramref name="httpsOptions"/>.</returns>
    public static HttpsConnectionAdapterOptions ServeCertificate(this HttpsConnectionAdapterOptions httpsOptions, TemporaryCertificate serverCertificate)
    {
        ArgumentNullException.ThrowIfNull(httpsOptions);
        ArgumentNullException.ThrowIfNull(serverCertificate);
        httpsOptions.ServerCertificate = serverCertificate.Certificate;
        httpsOptions.ServerCertificateChain = serverCertificate.Intermediates;
        return httpsOptions;
    }

    /// <summary>
    /// Requires every client to present a certificate that chains to <paramref name="trust"/> and is valid for
    /// client authentication. The chain is checked by <see cref="System.Net.Security.SslStream"/> with custom root trust:
    /// no machine store, no callback that accepts everything; revocation is checked when the trust's authority has a responder.
    /// </summary>
    /// <param name="httpsOptions">Kestrel's HTTPS options.</param>
    /// <param name="trust">What the clients' certificates must chain to, such as an authority's <see cref="TestCertificateAuthority.Trust"/>.</param>
    /// <returns>The same <paramref name="httpsOptions"/>.</returns>
    public static HttpsConnectionAdapterOptions RequireClientCertificate(this HttpsConnectionAdapterOptions httpsOptions, CertificateTrust trust)
    {
        ArgumentNullException.ThrowIfNull(httpsOptions);
        ArgumentNullException.ThrowIfNull(trust);
        httpsOptions.ClientCertificateMode = ClientCertificateMode.RequireCertificate;
        var previous = httpsOptions.OnAuthenticate;
        httpsOptions.OnAuthenticate = (connection, sslOptions) =>
        {
            previous?.Invoke(connection, sslOptions);
            // With a chain policy, SslStream takes the revocation mode from the policy, which the trust has set.
            sslOptions.CertificateChainPolicy = trust.CreateChainPolicy();
        };
        return httpsOptions;
    }
}
