using System.Security.Authentication;
using System.Text;
using CertKit;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace CertKit.Servers.Tests;

/// <summary>
/// RabbitMQ 3.10 with CertKit's certificates on an AMQPS listener that requires a client certificate from the authority
/// (<c>verify_peer</c>, <c>fail_if_no_peer_cert = true</c>), and RabbitMQ.Client 7 with full validation. RabbitMQ.Client
/// takes no CA: CertKit's validation callback is the trust, and it keeps the host-name check. One node for the class
/// (it takes seconds to start): every client presents a certificate, and logs in with a password.
/// </summary>
[TestClass]
public sealed class RabbitMqTests
{
    private static ServerFixture<RabbitMqServer>? _fixture;

    private static ServerTestPki Pki => _fixture!.Pki;

    private static TestCertificateAuthority Ca => Pki.Ca;

    private static RabbitMqServer Server => _fixture!.Server;

    public TestContext TestContext { get; set; } = null!;

    [ClassInitialize]
    public static async Task StartServer(TestContext context) => _fixture = await ServerFixture.StartAsync(
        context,
        // "localhost" only: connecting to 127.0.0.1 is then the wrong host name.
        ServerTestPki.Create(["localhost"]),
        pki => RabbitMqServer.StartAsync(pki.ServerCertificate));

    [ClassCleanup]
    public static Task StopServer(TestContext context) => ServerFixture.StopAsync(_fixture, context);

    [TestMethod]
    public async Task CreateConnection_AuthorityCallbackAndClientCertificate_PublishesAndGets()
    {
        // The recipe: CertKit's validation callback as the trust, the server's name, and the client certificate.
        var factory = new ConnectionFactory
        {
            HostName = "localhost",
            Port = Server.Port,
            UserName = RabbitMqServer.UserName,
            Password = RabbitMqServer.Password,
            Ssl = new SslOption
            {
                Enabled = true,
                ServerName = "localhost",
                CertificateValidationCallback = Ca.Trust.CreateValidationCallback(),
                Certs = [Pki.Alice.Certificate],
            },
        };

        await using var connection = await factory.CreateConnectionAsync(TestContext.CancellationToken);
        await using var channel = await connection.CreateChannelAsync(cancellationToken: TestContext.CancellationToken);
        var queue = await channel.QueueDeclareAsync(cancellationToken: TestContext.CancellationToken);
        await channel.BasicPublishAsync(string.Empty, queue.QueueName, Encoding.UTF8.GetBytes("hello over TLS"), TestContext.CancellationToken);
        var message = await GetAsync(channel, queue.QueueName);

        Assert.AreEqual("hello over TLS", Encoding.UTF8.GetString(message.Body.Span));
    }

    [TestMethod]
    public async Task CreateConnection_StrangerCallback_ThrowsRejectedByCallback()
    {
        var error = await ConnectFailsAsync(Factory(Pki.Stranger.Trust, Pki.Alice));

        AssertRejectedByCallback(error);
    }

    [TestMethod]
    public async Task CreateConnection_HostNotInCertificate_ThrowsRejectedByCallback()
    {
        // The callback keeps the platform's host-name verdict: 127.0.0.1 (HostName and ServerName) reaches the server,
        // whose certificate names only localhost.
        var error = await ConnectFailsAsync(Factory(Ca.Trust, Pki.Alice, host: "127.0.0.1"));

        // The same words as for an untrusted root: RabbitMQ.Client does not say which check failed.
        AssertRejectedByCallback(error);
    }

    [TestMethod]
    public async Task CreateConnection_AmqpsUriHostNotInCertificate_ThrowsRejectedByCallback()
    {
        // An amqps:// URI makes RabbitMQ.Client accept a name mismatch (it sets AcceptablePolicyErrors); a validation
        // callback replaces that check, and CertKit's still refuses the wrong name.
        var factory = new ConnectionFactory
        {
            Uri = new Uri($"amqps://{RabbitMqServer.UserName}:{RabbitMqServer.Password}@127.0.0.1:{Server.Port}/"),
        };
        factory.Ssl.CertificateValidationCallback = Ca.Trust.CreateValidationCallback();
        factory.Ssl.Certs = [Pki.Alice.Certificate];

        var error = await ConnectFailsAsync(factory);

        AssertRejectedByCallback(error);
    }

    [TestMethod]
    public async Task CreateConnection_NoClientCertificate_ThrowsEndpointsNotReachable()
    {
        var error = await ConnectFailsAsync(Factory(Ca.Trust, clientCertificate: null));

        AssertRefusedByServer(error, "alert certificate required");
    }

    [TestMethod]
    public async Task CreateConnection_ClientCertificateFromStranger_ThrowsEndpointsNotReachable()
    {
        var error = await ConnectFailsAsync(Factory(Ca.Trust, Pki.StrangerClient));

        AssertRefusedByServer(error, "alert unknown ca");
    }

    private static ConnectionFactory Factory(CertificateTrust trust, TemporaryCertificate? clientCertificate, string host = "localhost") => new()
    {
        HostName = host,
        Port = Server.Port,
        UserName = RabbitMqServer.UserName,
        Password = RabbitMqServer.Password,
        Ssl = new SslOption
        {
            Enabled = true,
            ServerName = host,
            CertificateValidationCallback = trust.CreateValidationCallback(),
            Certs = clientCertificate is null ? null : [clientCertificate.Certificate],
        },
    };

    private async Task<Exception> ConnectFailsAsync(ConnectionFactory factory)
    {
        var error = await Assert.ThrowsAsync<Exception>(async () =>
        {
            await using var connection = await factory.CreateConnectionAsync(TestContext.CancellationToken);
            await using var channel = await connection.CreateChannelAsync(cancellationToken: TestContext.CancellationToken);
        });
        TestContext.WriteLine(error.ToString());
        return error;
    }

    /// <summary>What RabbitMQ.Client reports when the validation callback refuses the server's certificate (untrusted root or wrong host).</summary>
    private static void AssertRejectedByCallback(Exception error)
    {
        Assert.IsInstanceOfType<BrokerUnreachableException>(error);
        StringAssert.Contains(error.Message, "None of the specified endpoints were reachable");
        var authentication = ExceptionChain.Innermost<AuthenticationException>(error);
        StringAssert.Contains(authentication.Message, "The remote certificate was rejected by the provided RemoteCertificateValidationCallback");
    }

    /// <summary>
    /// What RabbitMQ.Client reports when the server refuses the client's certificate. With TLS 1.3 the client's handshake
    /// completes before the server checks its certificate; the server sends an alert and closes, so the client's next
    /// I/O fails: its write of the AMQP header with "Connection reset by peer" (about 70% here) or, rarely, "The encryption
    /// operation failed", or its read with the alert (about 30%, "connection.start was never received" wrapping it).
    /// </summary>
    private static void AssertRefusedByServer(Exception error, string alert)
    {
        Assert.IsInstanceOfType<BrokerUnreachableException>(error);
        StringAssert.Contains(error.Message, "None of the specified endpoints were reachable");
        Assert.IsInstanceOfType<IOException>(error.InnerException);
        ExceptionChain.AssertMentionsAny(error, alert, "Connection reset by peer", "The encryption operation failed");
    }

    private async Task<BasicGetResult> GetAsync(IChannel channel, string queue)
    {
        // A message published on a channel is routed asynchronously: poll briefly until it is there.
        for (var attempt = 0; attempt < 50; attempt++)
        {
            if (await channel.BasicGetAsync(queue, autoAck: true, TestContext.CancellationToken) is { } message)
            {
                return message;
            }

            await Task.Delay(20, TestContext.CancellationToken);
        }

        throw new AssertFailedException($"no message in {queue}");
    }
}
