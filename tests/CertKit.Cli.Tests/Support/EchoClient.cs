using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Text;

namespace CertKit.Cli.Tests;

/// <summary>A .NET client of the echo server that trusts one CA file and nothing else.</summary>
internal static class EchoClient
{
    public static async Task<string?> SendAsync(int port, string caFile, string line, X509Certificate2? clientCertificate = null, string host = "localhost")
    {
        using var ca = X509CertificateLoader.LoadCertificateFromFile(caFile);
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, port);
        await using var tls = new SslStream(tcp.GetStream());
        var options = new SslClientAuthenticationOptions
        {
            TargetHost = host,
            CertificateChainPolicy = new X509ChainPolicy
            {
                TrustMode = X509ChainTrustMode.CustomRootTrust,
                RevocationMode = X509RevocationMode.NoCheck,
                CustomTrustStore = { ca },
            },
            ClientCertificates = clientCertificate is null ? null : [clientCertificate],
        };
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await tls.AuthenticateAsClientAsync(options, timeout.Token);
        await tls.WriteAsync(Encoding.UTF8.GetBytes(line + "\n"), timeout.Token);
        using var reader = new StreamReader(tls);
        return await reader.ReadLineAsync(timeout.Token);
    }
}
