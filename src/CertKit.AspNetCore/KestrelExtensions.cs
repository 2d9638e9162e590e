using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;

namespace CertKit.AspNetCore;

/// <summary>
/// Kestrel wiring for CertKit: serve a <see cref="TemporaryCertificate"/> with its intermediates, and for mutual TLS
/// require client certificates that chain to a <see cref="TestCertificateAuthority"/>, and nothing else.
/// </summary>
/// <example>
/// <code>
/// builder.WebHost.ConfigureKestrel(kestrel =>
///     kestrel.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(serverCertificate, requireClientCertificateFrom: ca)));
/// </code>
/// </example>
public static class KestrelExtensions
{
    /// <summary>Serves HTTPS on this endpoint with <paramref name="serverCertificate"/>, optionally requiring client certificates.</summary>
    /// <param name="listenOptions">The Kestrel endpoint.</param>
    /// <param name="serverCertificate">The server certificate; its <see cref="TemporaryCertificate.Intermediates"/> are sent too.</param>
    /// <param name="requireClientCertificateFrom">An authority whose certificates clients must present (mutual TLS), or <see langword="null"/>.</param>
    /// <returns>The same <paramref name="listenOptions"/>.</returns>
    public static ListenOptions UseHttps(
        this ListenOptions listenOptions, TemporaryCertificate serverCertificate, TestCertificateAuthority? requireClientCertificateFrom = null)
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
    /// Requires every client to present a certificate that chains to <paramref name="authority"/>'s root and is valid for
    /// client authentication. The chain is checked by <see cref="System.Net.Security.SslStream"/> with custom root trust:
    /// no machine store, no callback that accepts everything.
    /// </summary>
    /// <param name="httpsOptions">Kestrel's HTTPS options.</param>
    /// <param name="authority">The authority that issues the clients' certificates.</param>
    /// <returns>The same <paramref name="httpsOptions"/>.</returns>
    public static HttpsConnectionAdapterOptions RequireClientCertificate(this HttpsConnectionAdapterOptions httpsOptions, TestCertificateAuthority authority)
    {
        ArgumentNullException.ThrowIfNull(httpsOptions);
        ArgumentNullException.ThrowIfNull(authority);
        httpsOptions.ClientCertificateMode = ClientCertificateMode.RequireCertificate;
        var previous = httpsOptions.OnAuthenticate;
        httpsOptions.OnAuthenticate = (connection, sslOptions) =>
        {
            previous?.Invoke(connection, sslOptions);
            sslOptions.CertificateChainPolicy = authority.CreateChainPolicy();
            sslOptions.CertificateRevocationCheckMode = X509RevocationMode.NoCheck;
        };
        return httpsOptions;
    }
}
