using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using BenchmarkDotNet.Attributes;

namespace CertKit.Benchmarks;

/// <summary>
/// New TLS connections accepted by one server, sequentially or from 32 concurrent clients (each benchmark op is
/// <see cref="Connections"/> handshakes): ServerCertificate set directly (a chain context built per handshake), a
/// prebuilt SslStreamCertificateContext, and CertKit's Trust.CreateServerOptions.
/// </summary>
[MemoryDiagnoser]
public class HandshakeBenchmarks
{
    private const int Connections = 64;

    private TestCertificateAuthority _ca = null!;
    private TemporaryCertificate _leaf = null!;
    private SslServerAuthenticationOptions _direct = null!;
    private SslServerAuthenticationOptions _prebuilt = null!;
    private SslServerAuthenticationOptions _certKit = null!;
    private SslClientAuthenticationOptions _client = null!;

    [Params(1, 32)]
    public int Concurrency { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _ca = TestCertificateAuthority.Create();
        _leaf = _ca.IssueServerCertificate("localhost");
        // Resumption off everywhere: a resumed handshake sends no certificate, and that is what is being measured.
        _direct = new SslServerAuthenticationOptions { ServerCertificate = _leaf.Certificate, AllowTlsResume = false };
        _prebuilt = new SslServerAuthenticationOptions
        {
            ServerCertificateContext = SslStreamCertificateContext.Create(_leaf.Certificate, additionalCertificates: null, offline: true),
            AllowTlsResume = false,
        };
        _certKit = _ca.Trust.CreateServerOptions(_leaf);
        _certKit.AllowTlsResume = false;
        _client = _ca.Trust.CreateClientOptions("localhost");
    }

    [GlobalCleanup]
    public void Cleanup() => _ca.Dispose();

    [Benchmark(Baseline = true)]
    public Task ServerCertificateDirect() => RunAsync(_direct);

    [Benchmark]
    public Task PrebuiltContext() => RunAsync(_prebuilt);

    [Benchmark]
    public Task CertKitServerOptions() => RunAsync(_certKit);

    private async Task RunAsync(SslServerAuthenticationOptions serverOptions)
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start(Connections);
        try
        {
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            var server = Task.WhenAll(Enumerable.Range(0, Connections).Select(_ => AcceptOneAsync(listener, serverOptions)));
            using var gate = new SemaphoreSlim(Concurrency);
            await Task.WhenAll(Enumerable.Range(0, Connections).Select(async _ =>
            {
                await gate.WaitAsync();
                try
                {
                    using var client = new TcpClient();
                    await client.ConnectAsync(IPAddress.Loopback, port);
                    await using var ssl = new SslStream(client.GetStream());
                    await ssl.AuthenticateAsClientAsync(_client);
                    await ssl.WriteAsync(new byte[] { 1 });
                    await ssl.ReadExactlyAsync(new byte[1]);
                }
                finally
                {
                    gate.Release();
                }
            }));
            await server;
        }
        finally
        {
            listener.Stop();
        }
    }

    private static async Task AcceptOneAsync(TcpListener listener, SslServerAuthenticationOptions options)
    {
        using var client = await listener.AcceptTcpClientAsync();
        await using var ssl = new SslStream(client.GetStream());
        await ssl.AuthenticateAsServerAsync(options);
        var buffer = new byte[1];
        await ssl.ReadExactlyAsync(buffer);
        await ssl.WriteAsync(buffer);
    }
}
