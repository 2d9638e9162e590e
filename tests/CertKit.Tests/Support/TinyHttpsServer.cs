using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Text;

namespace CertKit.Tests.Support;

/// <summary>
/// Just enough HTTP/1.1 over TLS on 127.0.0.1 to prove what an HttpClient trusts: each request gets
/// 200 and a body naming the client certificate's subject (or "anonymous").
/// </summary>
internal sealed class TinyHttpsServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly SslServerAuthenticationOptions _options;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _loop;

    public TinyHttpsServer(SslServerAuthenticationOptions options)
    {
        _options = options;
        _listener.Start();
        _loop = AcceptLoopAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _listener.Stop();
        await _loop;
        _stopping.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        var handlers = new List<Task>();
        try
        {
            while (true)
            {
                var client = await _listener.AcceptTcpClientAsync(_stopping.Token);
                handlers.Add(HandleAsync(client));
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException
            || (e is InvalidOperationException && _stopping.IsCancellationRequested))
        {
            // Stopped (an accept that starts after Stop says "Not listening").
        }

        await Task.WhenAll(handlers);
    }

    private async Task HandleAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                await using var ssl = new SslStream(client.GetStream());
                await ssl.AuthenticateAsServerAsync(_options, _stopping.Token);
                using var reader = new StreamReader(ssl, Encoding.ASCII, leaveOpen: true);
                while (!string.IsNullOrEmpty(await reader.ReadLineAsync(_stopping.Token)))
                {
                    // Skip the request line and headers.
                }

                var body = ssl.RemoteCertificate?.Subject ?? "anonymous";
                var response = $"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: {Encoding.UTF8.GetByteCount(body)}\r\nConnection: close\r\n\r\n{body}";
                await ssl.WriteAsync(Encoding.UTF8.GetBytes(response), _stopping.Token);
            }
            catch (Exception e) when (e is IOException or System.Security.Authentication.AuthenticationException or OperationCanceledException)
            {
                // The client refused us or we refused it: the test looks at the client's side.
            }
        }
    }
}
