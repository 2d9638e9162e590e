using System.Net;
using System.Net.Sockets;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace CertKit.Integrations.Tests;

/// <summary>Proves a server let go of its socket: a test that leaves a listener behind would leak into the next one.</summary>
internal static class Loopback
{
    public static async Task AssertNotListeningAsync(int port)
    {
        using var probe = new TcpClient();
        var refused = await Assert.ThrowsExactlyAsync<SocketException>(() => probe.ConnectAsync(IPAddress.Loopback, port));
        Assert.AreEqual(SocketError.ConnectionRefused, refused.SocketErrorCode);
    }
}
