using System.Net;
using System.Net.Security;
using System.Net.Sockets;

namespace CertKit.Samples.Tests;

/// <summary>Two connected SslStreams over 127.0.0.1, not yet authenticated: the stage for the quick start's handshake.</summary>
internal static class LoopbackTls
{
    public static async Task<(SslStream Server, SslStream Client)> ConnectedPairAsync()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            var client = new TcpClient();
            var accept = listener.AcceptTcpClientAsync();
            await client.ConnectAsync(IPAddress.Loopback, ((IPEndPoint)listener.LocalEndpoint).Port);
            var server = await accept;
            return (new SslStream(server.GetStream(), leaveInnerStreamOpen: false), new SslStream(client.GetStream(), leaveInnerStreamOpen: false));
        }
        finally
        {
            listener.Stop();
        }
    }
}
