using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Text;

namespace CertKit.Tests.Support;

/// <summary>
/// A TLS server on 127.0.0.1 for one connection from a client that is not .NET (openssl s_client, Python): one line in,
/// the same line upper-cased back. <see cref="Answered"/> says whether it got that far.
/// </summary>
internal sealed class ServeOnce : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);

    public ServeOnce(SslServerAuthenticationOptions options)
    {
        _listener.Start();
        Answered = ServeAsync(options);
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public Task<bool> Answered { get; }

    public void Dispose() => _listener.Stop();

    private async Task<bool> ServeAsync(SslServerAuthenticationOptions options)
    {
        try
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            using var client = await _listener.AcceptTcpClientAsync(cts.Token);
            await using var ssl = new SslStream(client.GetStream());
            await ssl.AuthenticateAsServerAsync(options, cts.Token);
            using var reader = new StreamReader(ssl, Encoding.UTF8, leaveOpen: true);
            var line = await reader.ReadLineAsync(cts.Token);
            await ssl.WriteAsync(Encoding.UTF8.GetBytes((line ?? string.Empty).ToUpperInvariant() + "\n"), cts.Token);
            await ssl.ShutdownAsync();
            return true;
        }
        catch (Exception e) when (e is System.Security.Authentication.AuthenticationException or IOException)
        {
            return false; // the client refused the certificate
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or OperationCanceledException)
        {
            return false; // no client came (the tool was missing) and the listener was stopped
        }
    }
}
