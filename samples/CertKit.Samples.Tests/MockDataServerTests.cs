using System.Net;
using System.Net.Sockets;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace CertKit.Samples.Tests;

[TestClass]
public sealed class MockDataServerTests
{
    [TestMethod]
    public async Task StartAsync_Always_ListensOnLoopbackWithSystemChosenPort()
    {
        await using var first = await MockDataServer.StartAsync();
        await using var second = await MockDataServer.StartAsync();

        Assert.AreEqual(IPAddress.Loopback, first.EndPoint.Address);
        Assert.AreNotEqual(0, first.Port);
        Assert.AreNotEqual(first.Port, second.Port);
    }

    [TestMethod]
    public async Task GetTheDataAsync_FiftyConcurrentTlsClients_AllAnswered()
    {
        using var cert = TemporaryCertificate.Create();
        await using var server = await MockDataServer.StartAsync(cert);
        var options = cert.Trust.CreateClientOptions("127.0.0.1"); // one options object for all: DataFetcher never changes it

        var answers = await Task.WhenAll(Enumerable.Range(0, 50)
            .Select(i => new DataFetcher("127.0.0.1", server.Port, options).GetTheDataAsync($"client {i}")));

        CollectionAssert.AreEqual(Enumerable.Range(0, 50).Select(i => $"CLIENT {i}").ToArray(), answers);
        await server.DisposeAsync(); // every handler has finished and counted
        Assert.AreEqual(50, server.AnsweredConnections);
    }

    [TestMethod]
    public async Task DisposeAsync_ClientConnectedButSilent_ClosesItAndStopsListening()
    {
        var server = await MockDataServer.StartAsync();
        var port = server.Port;
        using var silent = new TcpClient();
        await silent.ConnectAsync(IPAddress.Loopback, port);
        await silent.GetStream().WriteAsync("no newline yet"u8.ToArray());

        await server.DisposeAsync();

        Assert.IsTrue(await IsClosedAsync(silent), "the server should have closed the silent connection");
        using var late = new TcpClient();
        await Assert.ThrowsAsync<SocketException>(() => late.ConnectAsync(IPAddress.Loopback, port));
    }

    [TestMethod]
    public async Task DisposeAsync_CalledTwiceAtOnce_BothReturnWhenStopped()
    {
        var server = await MockDataServer.StartAsync();
        var port = server.Port;

        await Task.WhenAll(server.DisposeAsync().AsTask(), server.DisposeAsync().AsTask());

        using var late = new TcpClient();
        await Assert.ThrowsAsync<SocketException>(() => late.ConnectAsync(IPAddress.Loopback, port));
    }

    [TestMethod]
    public async Task DisposeAsync_ConnectionMidRequest_WaitsForItsHandlerToFinish()
    {
        var server = await MockDataServer.StartAsync();
        using var slow = new TcpClient();
        await slow.ConnectAsync(IPAddress.Loopback, server.Port);
        await slow.GetStream().WriteAsync("half a line"u8.ToArray());
        await new DataFetcher("127.0.0.1", server.Port).GetTheDataAsync("warm up");

        await server.DisposeAsync();

        Assert.AreEqual(1, server.AnsweredConnections);
        Assert.AreEqual(1, server.FailedConnections, "the cut-off handler must have run to its end before DisposeAsync returned");
    }

    private static async Task<bool> IsClosedAsync(TcpClient client)
    {
        try
        {
            var read = await client.GetStream().ReadAsync(new byte[1]).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
            return read == 0;
        }
        catch (IOException)
        {
            return true; // reset rather than closed: closed all the same
        }
    }
}
