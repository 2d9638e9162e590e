using System.Net;
using System.Net.Sockets;

namespace CertKit.Servers.Tests.Support;

/// <summary>A TCP port on 127.0.0.1 that nothing listens on right now, for a server that cannot listen on port 0.</summary>
internal static class FreePort
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static bool IsListening(int port)
    {
        using var client = new TcpClient();
        try
        {
            client.Connect(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
