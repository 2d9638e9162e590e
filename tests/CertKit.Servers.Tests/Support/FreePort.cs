using System.Net;
using System.Net.Sockets;

namespace CertKit.Servers.Tests.Support;

/// <summary>TCP ports on 127.0.0.1 that nothing listens on right now, for servers that cannot listen on port 0.</summary>
internal static class FreePort
{
    /// <summary><paramref name="count"/> different free ports: all are held open together while they are chosen, so none repeats.</summary>
    public static int[] Next(int count)
    {
        var listeners = new TcpListener[count];
        try
        {
            for (var i = 0; i < count; i++)
            {
                listeners[i] = new TcpListener(IPAddress.Loopback, 0);
                listeners[i].Start();
            }

            return [.. listeners.Select(listener => ((IPEndPoint)listener.LocalEndpoint).Port)];
        }
        finally
        {
            foreach (var listener in listeners)
            {
                listener?.Dispose();
            }
        }
    }

    public static int Next() => Next(1)[0];

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
