using System.Net.Security;
using System.Net.Sockets;
using System.Text;

namespace CertKit.Samples;

/// <summary>
/// The client under test: connects, sends one line, reads one line back. Speaks TLS when given
/// <see cref="SslClientAuthenticationOptions"/>, plain TCP otherwise.
/// </summary>
/// <param name="host">The host to connect to; also the TLS target host unless the options name another.</param>
/// <param name="port">The TCP port.</param>
/// <param name="tls">How to authenticate the server, or <see langword="null"/> for plain TCP.</param>
public sealed class DataFetcher(string host, int port, SslClientAuthenticationOptions? tls = null)
{
    /// <summary>Sends <paramref name="question"/> as one line and returns the one line the server answers.</summary>
    /// <exception cref="System.Security.Authentication.AuthenticationException">The server's certificate is not trusted for the host.</exception>
    /// <exception cref="IOException">The server closed the connection without answering.</exception>
    public async Task<string> GetTheDataAsync(string question, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(question);
        using var client = new TcpClient();
        await client.ConnectAsync(host, port, ct);
        await using var stream = await OpenStreamAsync(client.GetStream(), ct);

        var line = Encoding.UTF8.GetBytes(question.Trim() + "\n");
        await stream.WriteAsync(line, ct);
        await stream.FlushAsync(ct);

        using var reader = new StreamReader(stream, Encoding.UTF8, leaveOpen: true);
        var answer = await reader.ReadLineAsync(ct)
            ?? throw new IOException($"The server at {host}:{port} closed the connection without answering.");
        return answer.Trim();
    }

    private async Task<Stream> OpenStreamAsync(NetworkStream network, CancellationToken ct)
    {
        if (tls is null)
        {
            return network;
        }

        var ssl = new SslStream(network, leaveInnerStreamOpen: false);
        try
        {
            await ssl.AuthenticateAsClientAsync(WithTargetHost(tls), ct);
            return ssl;
        }
        catch
        {
            await ssl.DisposeAsync();
            throw;
        }
    }

    // A copy of every setting (but the Linux/Windows-only RSA padding switches), so the caller's options object is never changed.
    private SslClientAuthenticationOptions WithTargetHost(SslClientAuthenticationOptions options) => new()
    {
        TargetHost = options.TargetHost ?? host,
        AllowRenegotiation = options.AllowRenegotiation,
        AllowTlsResume = options.AllowTlsResume,
        ApplicationProtocols = options.ApplicationProtocols,
        CertificateChainPolicy = options.CertificateChainPolicy,
        CertificateRevocationCheckMode = options.CertificateRevocationCheckMode,
        CipherSuitesPolicy = options.CipherSuitesPolicy,
        ClientCertificateContext = options.ClientCertificateContext,
        ClientCertificates = options.ClientCertificates,
        EnabledSslProtocols = options.EnabledSslProtocols,
        EncryptionPolicy = options.EncryptionPolicy,
        LocalCertificateSelectionCallback = options.LocalCertificateSelectionCallback,
        RemoteCertificateValidationCallback = options.RemoteCertificateValidationCallback,
    };
}
