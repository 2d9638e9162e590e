using System.Net.Security;

namespace CertKit;

/// <summary>
/// One broken certificate from a <see cref="BrokenCertificateCase"/>, made against the authority your client trusts,
/// with the options to serve it and to connect to it. Dispose it to delete everything it made.
/// </summary>
/// <remarks>
/// For a server-side case, <see cref="CreateServerOptions"/> presents the broken certificate and
/// <see cref="CreateClientOptions"/> is a correct client that trusts the authority; the client must refuse.
/// For a client-certificate case (<see cref="BrokenCertificateCase.IsClientCertificate"/>), the server is correct and
/// requires client certificates from the authority, the client presents the broken one, and the server must refuse.
/// </remarks>
public sealed class BrokenCertificate : IDisposable, IAsyncDisposable
{
    private readonly Func<SslServerAuthenticationOptions> _serverOptions;
    private readonly Func<SslClientAuthenticationOptions> _clientOptions;
    private readonly IDisposable[] _owned;

    internal BrokenCertificate(
        BrokenCertificateCase @case,
        TemporaryCertificate certificate,
        string targetHost,
        Func<SslServerAuthenticationOptions> serverOptions,
        Func<SslClientAuthenticationOptions> clientOptions,
        params IDisposable[] owned)
    {
        Case = @case;
        Certificate = certificate;
        TargetHost = targetHost;
        _serverOptions = serverOptions;
        _clientOptions = clientOptions;
        _owned = owned;
    }

    /// <summary>The case this certificate demonstrates, with its expected outcome.</summary>
    public BrokenCertificateCase Case { get; }

    /// <summary>The broken certificate itself, with its key and files.</summary>
    public TemporaryCertificate Certificate { get; }

    /// <summary>The host name the client asks for: <c>localhost</c> in every case.</summary>
    public string TargetHost { get; }

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

    /// <summary>Same as <see cref="Dispose"/>.</summary>
    /// <returns>A completed task.</returns>
    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc/>
    public override string ToString() => $"BrokenCertificate {Case.Name}";
}
