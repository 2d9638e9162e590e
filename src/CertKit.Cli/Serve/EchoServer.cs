using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Text;

namespace CertKit.Cli;

/// <summary>
/// The seed's server: each connection's first line, upper-cased, over TLS. A first line that is an HTTP request line
/// gets the same answer as the body of an HTTP/1.1 200 response, so curl and browsers can be pointed at it too.
/// </summary>
internal sealed class EchoServer : IAsyncDisposable
{
    private static readonly TimeSpan ConnectionTimeout = TimeSpan.FromSeconds(10);

    private readonly TcpListener _listener;
    private readonly SslServerAuthenticationOptions _tls;
    private readonly TextWriter _log;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _acceptLoop;
    private readonly List<Task> _connections = [];
    private int _answered;

    private EchoServer(SslServerAuthenticationOptions tls, int port, TextWriter log)
    {
        _tls = tls;
        _log = log;
        _listener = new TcpListener(IPAddress.Loopback, port);
        try
        {
            _listener.Start();
        }
        catch (SocketException e)
        {
            throw new CliException($"cannot listen on 127.0.0.1:{port}: {e.Message}");
        }

        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _acceptLoop = AcceptLoopAsync();
    }

    public int Port { get; }

    public int Answered => Volatile.Read(ref _answered);

    public static EchoServer Start(SslServerAuthenticationOptions tls, int port, TextWriter log) => new(tls, port, log);

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _listener.Stop();
        await _acceptLoop;
        Task[] running;
        lock (_connections)
        {
            running = [.. _connections];
        }

        await Task.WhenAll(running);
        _stopping.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (true)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stopping.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException || _stopping.IsCancellationRequested)
            {
                return;
            }
            catch (SocketException e)
            {
                // Out of file descriptors, say: report it and keep accepting rather than go deaf while still running.
                await _log.WriteLineAsync($"accept failed: {e.Message}");
                await Task.Delay(TimeSpan.FromMilliseconds(100));
                continue;
            }

            lock (_connections)
            {
                _connections.RemoveAll(task => task.IsCompleted);
                _connections.Add(Task.Run(() => AnswerAsync(client)));
            }
        }
    }

    private async Task AnswerAsync(TcpClient client)
    {
        var peer = client.Client.RemoteEndPoint;
        try
        {
            using (client)
            await using (var tls = new SslStream(client.GetStream(), leaveInnerStreamOpen: false))
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
                timeout.CancelAfter(ConnectionTimeout);
                await tls.AuthenticateAsServerAsync(_tls, timeout.Token);
                using var reader = new StreamReader(tls, Encoding.UTF8, leaveOpen: true);
                var line = await reader.ReadLineAsync(timeout.Token);
                if (line is null)
                {
                    return;
                }

                var answer = line.Trim().ToUpperInvariant();
                if (IsHttpRequestLine(line))
                {
                    // Read the headers so the client has finished sending before the connection closes.
                    while (!string.IsNullOrEmpty(await reader.ReadLineAsync(timeout.Token)))
                    {
                    }

                    var body = answer + "\n";
                    answer = $"HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: {Encoding.UTF8.GetByteCount(body)}\r\nConnection: close\r\n\r\n{body}";
                }
                else
                {
                    answer += "\n";
                }

                await tls.WriteAsync(Encoding.UTF8.GetBytes(answer), timeout.Token);
                // close_notify: OpenSSL clients treat a TLS connection closed without it as truncated.
                await tls.ShutdownAsync();
                Interlocked.Increment(ref _answered);
                await _log.WriteLineAsync($"{peer}: answered {(IsHttpRequestLine(line) ? "an HTTP request" : "a line")}");
            }
        }
        catch (Exception e) when (!_stopping.IsCancellationRequested)
        {
            // A refused handshake is what a manual check is often looking for; say why, then serve the next one.
            await _log.WriteLineAsync($"{peer}: {e.GetType().Name}: {e.Message}{(e.InnerException is null ? "" : " " + e.InnerException.Message)}");
        }
        catch (Exception)
        {
            // Stopping: connections in flight end quietly.
        }
    }

    private static bool IsHttpRequestLine(string line) =>
        line.EndsWith(" HTTP/1.1", StringComparison.Ordinal) || line.EndsWith(" HTTP/1.0", StringComparison.Ordinal);
}
