using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using BenchmarkDotNet.Attributes;

namespace CertKit.Benchmarks;

/// <summary>
/// The seed test end to end: a certificate, a TLS server on 127.0.0.1 port 0, a client that trusts the certificate
/// connects and exchanges one line, and everything is torn down.
/// </summary>
[MemoryDiagnoser]
public class SeedBenchmarks
{
    [Benchmark(Baseline = true)]
    public async Task<string> RawBcl()
    {
        using var certificate = Benchmarks.RawBcl.SelfSignedServer();
        var policy = new X509ChainPolicy { TrustMode = X509ChainTrustMode.CustomRootTrust, RevocationMode = X509RevocationMode.NoCheck };
        policy.CustomTrustStore.Add(certificate);
        return await ExchangeAsync(
            new SslServerAuthenticationOptions { ServerCertificate = certificate },
            new SslClientAuthenticationOptions { TargetHost = "localhost", CertificateChainPolicy = policy });
    }

    [Benchmark]
    public async Task<string> CertKit()
    {
        using var certificate = TemporaryCertificate.Create();
        return await ExchangeAsync(certificate.Trust.CreateServerOptions(certificate), certificate.Trust.CreateClientOptions("localhost"));
    }

    private static async Task<string> ExchangeAsync(SslServerAuthenticationOptions serverOptions, SslClientAuthenticationOptions clientOptions)
    {
        using var listener = new TcpListenerLease();
        var server = ServeAsync(listener.Listener, serverOptions);
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, listener.Port);
        await using var ssl = new SslStream(client.GetStream());
        await ssl.AuthenticateAsClientAsync(clientOptions);
        await ssl.WriteAsync("hello\n"u8.ToArray());
        var buffer = new byte[16];
        var read = await ssl.ReadAsync(buffer);
        await server;
        return Encoding.ASCII.GetString(buffer, 0, read);
    }

    private static async Task ServeAsync(TcpListener listener, SslServerAuthenticationOptions options)
    {
        using var client = await listener.AcceptTcpClientAsync();
        await using var ssl = new SslStream(client.GetStream());
        await ssl.AuthenticateAsServerAsync(options);
        var buffer = new byte[16];
        var read = await ssl.ReadAsync(buffer);
        await ssl.WriteAsync(Encoding.ASCII.GetBytes(Encoding.ASCII.GetString(buffer, 0, read).ToUpperInvariant()));
    }

    private sealed class TcpListenerLease : IDisposable
    {
        public TcpListenerLease()
        {
            Listener = new TcpListener(IPAddress.Loopback, 0);
            Listener.Start();
        }

        public TcpListener Listener { get; }

        public int Port => ((IPEndPoint)Listener.LocalEndpoint).Port;

        public void Dispose() => Listener.Stop();
    }
}
