using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;

namespace CertKit.MSTest.Tests.Support;

/// <summary>One real TLS handshake over 127.0.0.1, port 0, between the given server and client options.</summary>
internal static class LoopbackTls
{
    /// <returns>The thumbprint of the certificate the client accepted.</returns>
    /// <exception cref="AuthenticationException">The client refused the server's certificate.</exception>
    public static async Task<string> HandshakeAsync(SslServerAuthenticationOptions serverOptions, SslClientAuthenticationOptions clientOptions)
    {
        // A handshake that hangs fails the test instead of the run.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            var accept = listener.AcceptTcpClientAsync(timeout.Token);
            using var clientSocket = new TcpClient();
            await clientSocket.ConnectAsync(IPAddress.Loopback, ((IPEndPoint)listener.LocalEndpoint).Port, timeout.Token);
            using var serverSocket = await accept;
            await using var server = new SslStream(serverSocket.GetStream());
            var serverSide = server.AuthenticateAsServerAsync(serverOptions, timeout.Token);
            await using var client = new SslStream(clientSocket.GetStream());
            try
            {
                await client.AuthenticateAsClientAsync(clientOptions, timeout.Token);
            }
            catch (AuthenticationException)
            {
                clientSocket.Close(); // ends a server still waiting for the handshake to finish
                await ServerGivesUpAsync(serverSide);
                throw;
            }

            await serverSide;
            return ((X509Certificate2)client.RemoteCertificate!).Thumbprint;
        }
        finally
        {
            listener.Stop();
        }
    }

    private static async Task ServerGivesUpAsync(Task serverSide)
    {
        try
        {
            await serverSide;
        }
        catch (Exception e) when (e is AuthenticationException or IOException or OperationCanceledException)
        {
            // Only the client's verdict matters; the server may or may not have seen the client's alert.
        }
    }
}
