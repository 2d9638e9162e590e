using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Text;

namespace CertKit.Samples;

/// <summary>
/// A stand-in for the real server: answers each connection's first line, upper-cased, over TLS when it has a
/// certificate. Listens on 127.0.0.1 on a port the system picks, so tests never collide.
/// </summary>
public sealed class MockDataServer : IAsyncDisposable
{
    private static readonly TimeSpan HandshakeTimeout = TimeSpan.FromSeconds(10);

    private readonly TcpListener _listener;
    private readonly SslServerAuthenticationOptions? _tls;
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentDictionary<int, Task> _connections = new();
    private readonly Task _acceptLoop;
    private int _nextConnectionId;
    private int _answered;
    private int _failed;
    private Task? _disposal;

    private MockDataServer(SslServerAuthenticationOptions? tls)
    {
        _tls = tls;
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        EndPoint = (IPEndPoint)_listener.LocalEndpoint;
        _acceptLoop = AcceptLoopAsync();
    }

    /// <summary>The address and port the server listens on.</summary>
    public IPEndPoint EndPoint { get; }

    /// <summary>The port the server listens on, chosen by the system.</summary>
    public int Port => EndPoint.Port;

    /// <summary>How many connections got their answer.</summary>
    public int AnsweredConnections => Volatile.Read(ref _answered);

    /// <summary>How many connections ended without an answer (a failed handshake, a client that hung up).</summary>
    public int FailedConnections => Volatile.Read(ref _failed);

    /// <summary>Starts listening on 127.0.0.1 on a free port, speaking plain TCP.</summary>
    public static Task<MockDataServer> StartAsync() => Task.FromResult(new MockDataServer(tls: null));

    /// <summary>Starts listening on 127.0.0.1 on a free port, speaking TLS with the certificate and its intermediates.</summary>
    /// <param name="serverCertificate">The certificate, with its private key, to present: <c>serverCertificate.Trust.CreateServerOptions(serverCertificate)</c>.</param>
    public static Task<MockDataServer> StartAsync(TemporaryCertificate serverCertificate)
    {
        ArgumentNullException.ThrowIfNull(serverCertificate);
        return StartAsync(serverCertificate.Trust.CreateServerOptions(serverCertificate));
    }

    /// <summary>Starts listening on 127.0.0.1 on a free port, speaking TLS as the options say (certificate chain, client certificates).</summary>
    /// <param name="tls">
    /// The server's TLS options, such as <c>ca.Trust.CreateServerOptions(serverCertificate, ClientCertificateRequirement.Required)</c>
    /// for mutual TLS.
    /// </param>
    public static Task<MockDataServer> StartAsync(SslServerAuthenticationOptions tls)
    {
        ArgumentNullException.ThrowIfNull(tls);
        return Task.FromResult(new MockDataServer(tls));
    }

    /// <summary>Stops listening, closes every open connection and waits for every handler to finish.</summary>
    /// <remarks>Every call, even a concurrent one, completes only when the server has fully stopped.</remarks>
    public ValueTask DisposeAsync()
    {
        lock (_connections)
        {
            _disposal ??= StopAsync();
            return new ValueTask(_disposal);
        }
    }

    private async Task StopAsync()
    {
        await _stopping.CancelAsync();
        _listener.Stop();
        await _acceptLoop;
        await Task.WhenAll(_connections.Values);
        _stopping.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stopping.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            // Registered before it starts, so its own removal can never run first.
            var id = Interlocked.Increment(ref _nextConnectionId);
            var handler = new Task<Task>(() => HandleAsync(id, client));
            _connections[id] = handler.Unwrap();
            handler.Start(TaskScheduler.Default);
        }
    }

    private async Task HandleAsync(int id, TcpClient client)
    {
        try
        {
            using (client)
            {
                await using var stream = await OpenStreamAsync(client.GetStream());
                using var reader = new StreamReader(stream, Encoding.UTF8, leaveOpen: true);
                var line = await reader.ReadLineAsync(_stopping.Token);
                if (line is null)
                {
                    Interlocked.Increment(ref _failed);
                    return;
                }

                await stream.WriteAsync(Encoding.UTF8.GetBytes(line.Trim().ToUpperInvariant() + "\n"), _stopping.Token);
                await stream.FlushAsync(_stopping.Token);
                Interlocked.Increment(ref _answered);
            }
        }
        catch (Exception)
        {
            // A client that fails the handshake or hangs up is a normal event for a test server, not a crash;
            // whatever went wrong, one connection must never take the server or its disposal down.
            Interlocked.Increment(ref _failed);
        }
        finally
        {
            _connections.TryRemove(id, out _);
        }
    }

    private async Task<Stream> OpenStreamAsync(NetworkStream network)
    {
        if (_tls is null)
        {
            return network;
        }

        var ssl = new SslStream(network, leaveInnerStreamOpen: false);
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
            timeout.CancelAfter(HandshakeTimeout);
            await ssl.AuthenticateAsServerAsync(_tls, timeout.Token);
            return ssl;
        }
        catch
        {
            await ssl.DisposeAsync();
            throw;
        }
    }
}
