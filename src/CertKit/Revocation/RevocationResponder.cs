using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using CertKit.Revocation;

namespace CertKit;

/// <summary>
/// An HTTP server on 127.0.0.1, on a port the system picks, that publishes the CRLs and answers the OCSP requests
/// (RFC 6960, GET and POST) of the authorities that use it. Certificates those authorities issue carry its CRL
/// distribution point and OCSP (authority information access) URLs.
/// </summary>
/// <example>
/// <code>
/// await using var responder = await RevocationResponder.StartAsync();
/// using var ca = TestCertificateAuthority.Create(new CertificateOptions { RevocationResponder = responder });
/// using var leaf = ca.IssueServerCertificate("localhost");
/// ca.Revoke(leaf);   // clients from ca.Trust.CreateClientOptions now refuse it
/// </code>
/// </example>
/// <remarks>
/// .NET caches downloaded CRLs on disk until their NextUpdate and offers no way to clear that cache. CertKit keeps tests
/// independent of it: every responder has its own port and every authority its own key and URL path, so no two tests
/// share a cache entry, and CRLs and OCSP answers are valid for one hour only.
/// </remarks>
public sealed class RevocationResponder : IAsyncDisposable
{
    private const int MaxHeaderBytes = 16 * 1024;
    private const int MaxBodyBytes = 64 * 1024;

    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentDictionary<string, RevocationAuthority> _authorities = new();
    private readonly ConcurrentDictionary<int, Task> _connections = new();
    private readonly Task _acceptLoop;
    private int _nextConnection;
    private int _crlRequests;
    private int _ocspRequests;
    private Task? _disposal;

    private RevocationResponder()
    {
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        BaseAddress = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");
        _acceptLoop = AcceptLoopAsync();
    }

    /// <summary>Where the responder listens, such as <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri BaseAddress { get; }

    /// <summary>How many CRL downloads it has served (or failed on purpose): proof that a client really checked.</summary>
    public int CrlRequests => Volatile.Read(ref _crlRequests);

    /// <summary>How many OCSP requests it has answered (or failed on purpose).</summary>
    public int OcspRequests => Volatile.Read(ref _ocspRequests);

    /// <summary>How long to wait before answering each request, to test clients' timeouts.</summary>
    /// <value><see cref="TimeSpan.Zero"/>.</value>
    public TimeSpan Delay { get; set; }

    /// <summary>A fault to inject into every answer.</summary>
    /// <value><see cref="RevocationResponderFailure.None"/>.</value>
    public RevocationResponderFailure Failure { get; set; }

    /// <summary>Starts a responder on 127.0.0.1 on a free port.</summary>
    /// <returns>The running responder; dispose it to stop listening.</returns>
    public static Task<RevocationResponder> StartAsync() => Task.FromResult(new RevocationResponder());

    /// <summary>Stops listening, closes open connections and waits for every handler. Every call, even a concurrent one, returns when it has stopped.</summary>
    /// <returns>A task that completes when the responder has stopped.</returns>
    public ValueTask DisposeAsync()
    {
        lock (_connections)
        {
            _disposal ??= StopAsync();
            return new ValueTask(_disposal);
        }
    }

    /// <summary>Serves an authority; returns its id and its CRL and OCSP URLs.</summary>
    internal (string Id, Uri Crl, Uri Ocsp) Register(RevocationAuthority authority)
    {
        var id = Convert.ToHexString(RandomNumberGenerator.GetBytes(8)).ToLowerInvariant();
        _authorities[id] = authority;
        return (id, new Uri(BaseAddress, $"{id}/crl"), new Uri(BaseAddress, $"{id}/ocsp"));
    }

    /// <summary>Stops serving a disposed authority: its URLs answer 404 from now on.</summary>
    internal void Unregister(string id) => _authorities.TryRemove(id, out _);

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
        while (true)
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

            var id = Interlocked.Increment(ref _nextConnection);
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
                var stream = client.GetStream();
                var (method, path, body) = await ReadRequestAsync(stream, _stopping.Token);
                var (status, contentType, content) = Route(method, path, body);
                if (Delay > TimeSpan.Zero)
                {
                    await Task.Delay(Delay, _stopping.Token);
                }

                await WriteResponseAsync(stream, status, contentType, content, _stopping.Token);
            }
        }
        catch (Exception)
        {
            // A client that hangs up or sends garbage, or an authority disposed mid-answer, must not take the responder
            // (or its disposal) down: the client sees a closed connection, as from any broken server.
        }
        finally
        {
            _connections.TryRemove(id, out _);
        }
    }

    private (int Status, string ContentType, byte[] Content) Route(string method, string path, byte[] body)
    {
        var segments = path.Trim('/').Split('/', 3);
        if (segments.Length < 2 || !_authorities.TryGetValue(segments[0], out var authority))
        {
            return (404, "text/plain", "no such authority"u8.ToArray());
        }

        switch (segments[1])
        {
            case "crl" when method == "GET" && segments.Length == 2:
                Interlocked.Increment(ref _crlRequests);
                return Answer("application/pkix-crl", authority.State.BuildCrl);
            case "ocsp" when method == "POST" && segments.Length == 2:
                Interlocked.Increment(ref _ocspRequests);
                return Answer("application/ocsp-response", () => OcspResponseBuilder.Respond(body, authority));
            case "ocsp" when method == "GET" && segments.Length == 3:
                Interlocked.Increment(ref _ocspRequests);
                var request = Convert.FromBase64String(Uri.UnescapeDataString(segments[2]));
                return Answer("application/ocsp-response", () => OcspResponseBuilder.Respond(request, authority));
            default:
                return (404, "text/plain", "not found"u8.ToArray());
        }
    }

    private (int Status, string ContentType, byte[] Content) Answer(string contentType, Func<byte[]> content) => Failure switch
    {
        RevocationResponderFailure.ServerError => (500, "text/plain", "injected failure"u8.ToArray()),
        RevocationResponderFailure.MalformedResponse => (200, contentType, "this is not DER"u8.ToArray()),
        _ => (200, contentType, content()),
    };

    private static async Task<(string Method, string Path, byte[] Body)> ReadRequestAsync(NetworkStream stream, CancellationToken ct)
    {
        var header = new List<byte>();
        var one = new byte[1];
        while (header.Count < 4 || !(header[^4] == '\r' && header[^3] == '\n' && header[^2] == '\r' && header[^1] == '\n'))
        {
            if (header.Count >= MaxHeaderBytes || await stream.ReadAsync(one, ct) == 0)
            {
                throw new InvalidDataException("The HTTP request headers did not end.");
            }

            header.Add(one[0]);
        }

        var lines = Encoding.ASCII.GetString(header.ToArray()).Split("\r\n");
        var requestLine = lines[0].Split(' ');
        if (requestLine.Length < 3)
        {
            throw new InvalidDataException($"Bad request line '{lines[0]}'.");
        }

        var length = lines
            .Where(l => l.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
            .Select(l => int.Parse(l["Content-Length:".Length..].Trim(), CultureInfo.InvariantCulture))
            .FirstOrDefault();
        if (length is < 0 or > MaxBodyBytes)
        {
            throw new InvalidDataException($"Content-Length {length} is out of range.");
        }

        var body = new byte[length];
        await stream.ReadExactlyAsync(body, ct);
        return (requestLine[0], requestLine[1], body);
    }

    private static async Task WriteResponseAsync(NetworkStream stream, int status, string contentType, byte[] content, CancellationToken ct)
    {
        var reason = status switch { 200 => "OK", 404 => "Not Found", _ => "Internal Server Error" };
        var head = $"HTTP/1.1 {status} {reason}\r\nContent-Type: {contentType}\r\nContent-Length: {content.Length}\r\nConnection: close\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head), ct);
        await stream.WriteAsync(content, ct);
    }
}
