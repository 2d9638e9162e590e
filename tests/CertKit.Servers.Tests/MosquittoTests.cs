using System.Security.Authentication;
using MQTTnet;
using MQTTnet.Exceptions;

namespace CertKit.Servers.Tests;

/// <summary>The ways MQTTnet takes a CertKit trust; both keep the host-name check (see the wrong-host tests).</summary>
public enum MqttTrustKnob
{
    /// <summary><c>o.WithTrustChain(ca.Trust.CreateCertificateCollection())</c>: the library's own knob, a collection with the root.</summary>
    TrustChain,

    /// <summary><c>o.WithCertificateValidationHandler(e => callback(e, e.Certificate, e.Chain, e.SslPolicyErrors))</c> with <c>ca.Trust.CreateValidationCallback()</c>.</summary>
    CertKitCallback,
}

/// <summary>
/// MQTTnet 5 against a private mosquitto 2 broker with two TLS listeners: one that does not ask for client certificates and
/// one that requires a certificate from the authority (<c>require_certificate true</c>, <c>use_identity_as_username true</c>).
/// </summary>
[TestClass]
public sealed class MosquittoTests
{
    private static ServerFixture<MosquittoServer>? _fixture;

    private static ServerTestPki Pki => _fixture!.Pki;

    private static TestCertificateAuthority Ca => Pki.Ca;

    private static MosquittoServer Server => _fixture!.Server;

    [ClassInitialize]
    public static async Task StartServer(TestContext context) => _fixture = await ServerFixture.StartAsync(
        context,
        ServerTestPki.Create(["localhost", "127.0.0.1"], strangerClientName: "mallory", viaIntermediate: false),
        pki => MosquittoServer.StartAsync(pki.ServerCertificate));

    [ClassCleanup]
    public static Task StopServer(TestContext context) => ServerFixture.StopAsync(_fixture, context);

    [TestMethod]
    [DataRow(MqttTrustKnob.TrustChain)]
    [DataRow(MqttTrustKnob.CertKitCallback)]
    public async Task PublishReceive_AuthorityTrust_RoundTrips(MqttTrustKnob knob)
    {
        var options = new MqttClientOptionsBuilder()
            .WithTcpServer("127.0.0.1", Server.TlsPort) // the certificate names 127.0.0.1: MQTTnet checks the host given here
            .WithTlsOptions(o => MqttTestClient.Trust(o, knob, Ca.Trust))
            .WithTimeout(TimeSpan.FromSeconds(5))
            .Build();

        Assert.AreEqual("over TLS", await MqttTestClient.RoundTripAsync(options, "over TLS"));
    }

    [TestMethod]
    [DataRow(MqttTrustKnob.TrustChain)]
    [DataRow(MqttTrustKnob.CertKitCallback)]
    public async Task Connect_StrangerTrust_AuthenticationException(MqttTrustKnob knob)
    {
        var options = new MqttClientOptionsBuilder()
            .WithTcpServer("127.0.0.1", Server.TlsPort)
            .WithTlsOptions(o => MqttTestClient.Trust(o, knob, Pki.Stranger.Trust))
            .WithTimeout(TimeSpan.FromSeconds(5))
            .Build();

        var refused = await MqttTestClient.AssertConnectRefusedAsync(options);

        MqttTestClient.AssertServerCertificateRefused(refused);
    }

    /// <summary>The certificate names localhost and 127.0.0.1; the client connects to 127.0.0.1 but asks, by <c>WithTargetHost</c>, for a host it does not name.</summary>
    [TestMethod]
    [DataRow(MqttTrustKnob.TrustChain)]
    [DataRow(MqttTrustKnob.CertKitCallback)]
    public async Task Connect_TargetHostNotInCertificate_AuthenticationException(MqttTrustKnob knob)
    {
        var options = new MqttClientOptionsBuilder()
            .WithTcpServer("127.0.0.1", Server.TlsPort)
            .WithTlsOptions(o => MqttTestClient.Trust(o, knob, Ca.Trust).WithTargetHost("wrong.host.test"))
            .WithTimeout(TimeSpan.FromSeconds(5))
            .Build();

        var refused = await MqttTestClient.AssertConnectRefusedAsync(options);

        MqttTestClient.AssertServerCertificateRefused(refused);
    }

    [TestMethod]
    public async Task PublishReceive_ClientCertificateFromAuthority_RoundTripsAsAlice()
    {
        var options = new MqttClientOptionsBuilder()
            .WithTcpServer("127.0.0.1", Server.MutualTlsPort)
            .WithTlsOptions(o => o
                .WithTrustChain(Ca.Trust.CreateCertificateCollection())
                .WithClientCertificates([Pki.Alice.Certificate]))
            .WithClientId("alice-client")
            .WithTimeout(TimeSpan.FromSeconds(5))
            .Build();
        var since = Server.Output.Length;

        Assert.AreEqual("over mutual TLS", await MqttTestClient.RoundTripAsync(options, "over mutual TLS"));

        // use_identity_as_username: the broker took the certificate's common name as the user name.
        await Server.AssertLoggedAsync(since, "as alice-client (p5, c1, k15, u'alice')");
    }

    [TestMethod]
    public async Task Connect_WithoutClientCertificate_Refused()
    {
        var options = new MqttClientOptionsBuilder()
            .WithTcpServer("127.0.0.1", Server.MutualTlsPort)
            .WithTlsOptions(o => o.WithTrustChain(Ca.Trust.CreateCertificateCollection()))
            .WithTimeout(TimeSpan.FromSeconds(5))
            .Build();
        var since = Server.Output.Length;

        var refused = await MqttTestClient.AssertConnectRefusedAsync(options);

        MqttTestClient.AssertClientCertificateRefused(refused, "tlsv13 alert certificate required");
        await Server.AssertLoggedAsync(since, "OpenSSL Error[0]: error:0A0000C7:SSL routines::peer did not return a certificate");
    }

    [TestMethod]
    public async Task Connect_ClientCertificateFromStranger_Refused()
    {
        var options = new MqttClientOptionsBuilder()
            .WithTcpServer("127.0.0.1", Server.MutualTlsPort)
            .WithTlsOptions(o => o
                .WithTrustChain(Ca.Trust.CreateCertificateCollection())
                .WithClientCertificates([Pki.StrangerClient.Certificate]))
            .WithTimeout(TimeSpan.FromSeconds(5))
            .Build();
        var since = Server.Output.Length;

        var refused = await MqttTestClient.AssertConnectRefusedAsync(options);

        MqttTestClient.AssertClientCertificateRefused(refused, "tlsv1 alert unknown ca");
        await Server.AssertLoggedAsync(since, "OpenSSL Error[0]: error:0A000086:SSL routines::certificate verify failed");
    }
}

/// <summary>The client side of the recipes: what a user copies.</summary>
internal static class MqttTestClient
{
    private const string Topic = "certkit/test";

    public static MqttClientTlsOptionsBuilder Trust(MqttClientTlsOptionsBuilder tls, MqttTrustKnob knob, CertificateTrust trust)
    {
        switch (knob)
        {
            case MqttTrustKnob.TrustChain:
                return tls.WithTrustChain(trust.CreateCertificateCollection());
            case MqttTrustKnob.CertKitCallback:
                var validate = trust.CreateValidationCallback();
                return tls.WithCertificateValidationHandler(e => validate(e, e.Certificate, e.Chain, e.SslPolicyErrors));
            default:
                throw new ArgumentOutOfRangeException(nameof(knob), knob, null);
        }
    }

    /// <summary>Connects, subscribes to a topic, publishes to it and returns what came back.</summary>
    public static async Task<string> RoundTripAsync(MqttClientOptions options, string payload)
    {
        using var client = new MqttClientFactory().CreateMqttClient();
        var received = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        client.ApplicationMessageReceivedAsync += e =>
        {
            received.TrySetResult(e.ApplicationMessage.ConvertPayloadToString());
            return Task.CompletedTask;
        };

        await client.ConnectAsync(options);
        await client.SubscribeAsync(Topic);
        await client.PublishStringAsync(Topic, payload);
        var message = await received.Task.WaitAsync(TimeSpan.FromSeconds(5));
        await client.DisconnectAsync();
        return message;
    }

    public static async Task<Exception> AssertConnectRefusedAsync(MqttClientOptions options)
    {
        using var client = new MqttClientFactory().CreateMqttClient();
        var refused = await Assert.ThrowsAsync<Exception>(() => client.ConnectAsync(options));
        Assert.IsFalse(client.IsConnected);
        return refused;
    }

    /// <summary>
    /// The client refused the broker's certificate during the TLS handshake. MQTTnet always validates through its own
    /// callback (also with <c>WithTrustChain</c>), so the words are the same for an unknown root and a wrong host name.
    /// </summary>
    public static void AssertServerCertificateRefused(Exception refused)
    {
        Assert.IsInstanceOfType<MqttCommunicationException>(refused);
        Assert.AreEqual("The remote certificate was rejected by the provided RemoteCertificateValidationCallback.", refused.Message);
        Assert.IsInstanceOfType<AuthenticationException>(refused.InnerException);
        Assert.AreEqual(refused.Message, refused.InnerException.Message);
    }

    /// <summary>
    /// The broker refused the client's certificate. With TLS 1.3 the client's handshake has already succeeded when the
    /// broker's alert arrives, so what MQTTnet reports is a race: an <c>MqttConnectingFailedException</c> ("Error while
    /// authenticating.") whose innermost exception is OpenSSL's <paramref name="alert"/> or "Connection reset by peer", or an
    /// <c>MqttCommunicationException</c> "Transport endpoint is not connected". The broker's log always says why.
    /// </summary>
    public static void AssertClientCertificateRefused(Exception refused, string alert)
    {
        Assert.IsInstanceOfType<MqttCommunicationException>(refused); // MqttConnectingFailedException derives from it
        var innermost = ExceptionChain.Innermost(refused);
        string[] expected = [alert, "Connection reset by peer", "Transport endpoint is not connected"];
        Assert.IsTrue(expected.Any(innermost.Message.Contains), $"unexpected refusal: {refused}");
    }
}
