using System.Net.Security;

namespace CertKit;

/// <summary>
/// One broken certificate from a <see cref="BrokenCertificateCase"/>, made against the authority your client trusts,
/// with the options to serve it and to connect to it. Dispose it to delete everything it made.
/// </summary>
/// <remarks>
/// For a server-side case, <see cref="CreateServerOptions"/> presents the broken certificate and
/// <see cref="CreateClientOptions"/> is a correct client that trusts <see cref="Trust"/>; the client must refuse.
/// For a client-certificate case (<see cref="BrokenCertificateCase.IsClientCertificate"/>), the server is correct and
/// requires client certificates from the authority, the client presents the broken one, and the server must refuse.
/// </remarks>
public sealed class BrokenCertificate : IDisposable
{
    private readonly Func<SslServerAuthenticationOptions> _serverOptions;
    private readonly Func<SslClientAuthenticationOptions> _clientOptions;
    private readonly IDisposable[] _owned;

    internal BrokenCertificate(
        TemporaryCertificate certificate,
        string targetHost,
        CertificateTrust trust,
        Func<SslServerAuthenticationOptions> serverOptions,
        Func<SslClientAuthenticationOptions> clientOptions,
        params IDisposable[] owned)
    {
        Certificate = certificate;
        TargetHost = targetHost;
        Trust = trust;
        _serverOptions = serverOptions;
        _clientOptions = clientOptions;
        _owned = owned;
    }

    /// <summary>The broken certificate itself, with its key and files.</summary>
    public TemporaryCertificate Certificate { get; }

    /// <summary>The host name the client asks for: <c>localhost</c> in every case.</summary>
    public string TargetHost { get; }

    /// <summary>
    /// What the correct peer trusts: the authority given to <see cref="BrokenCertificateCase.CreateFor"/>, except for
    /// <see cref="BrokenCertificateCase.Revoked"/>, whose certificate comes from an authority with its own responder.
    /// Wire your own client (or server) with it.
    /// </summary>
    public CertificateTrust Trust { get; }

    /// <summary>Options for the server of the test: it presents the broken certificate (or, in a client case, a good one and requires a client certificate).</summary>
    /// <returns>New options on each call.</returns>
    public SslServerAuthenticationOptions CreateServerOptions() => _serverOptions();

    /// <summary>Options for a correct client that trusts the authority (and, in a client case, presents the broken certificate).</summary>
    /// <returns>New options on each call.</returns>
    public SslClientAuthenticationOptions CreateClientOptions() => _clientOptions();

    /// <summary>Disposes the broken certificate and everything made for it (helper authorities, intermediates).</summary>
    public void Dispose()
    {
        Certificate.Dispose();
        foreach (var owned in _owned)
        {
            owned.Dispose();
        }
    }

}
