using System.Security.Authentication;
using StackExchange.Redis;

namespace CertKit.Servers.Tests;

/// <summary>The ways StackExchange.Redis takes a CertKit trust; each keeps the host-name check (see the wrong-host tests).</summary>
public enum RedisTrustKnob
{
    /// <summary>
    /// <c>options.TrustIssuer(ca.Trust.WriteCaFile())</c>: the library's own knob, a CA file path. Its callback accepts a
    /// certificate only when the platform's sole complaint is RemoteCertificateChainErrors and its own chain (serverAuth
    /// usage required) contains the issuer, so a name mismatch stays fatal.
    /// </summary>
    TrustIssuer,

    /// <summary><c>options.CertificateValidation += ca.Trust.CreateValidationCallback()</c>.</summary>
    CertKitCallback,

    /// <summary><c>options.SslClientAuthenticationOptions = host => ca.Trust.CreateClientOptions(host, clientCertificate)</c>.</summary>
    CertKitClientOptions,
}

/// <summary>The ways StackExchange.Redis takes a client certificate.</summary>
public enum RedisClientCertificateKnob
{
    /// <summary><c>options.SetUserPemCertificate(files.CertificatePath, files.PrivateKeyPath)</c>: the library's own knob, PEM paths.</summary>
    SetUserPemCertificate,

    /// <summary><c>options.CertificateSelection += delegate { return alice.Certificate; }</c>.</summary>
    CertificateSelection,

    /// <summary><c>options.SslClientAuthenticationOptions = host => ca.Trust.CreateClientOptions(host, alice)</c>.</summary>
    CertKitClientOptions,
}

/// <summary>
/// StackExchange.Redis against a private redis-server 7 that speaks TLS only and does not ask for client certificates
/// (<c>--tls-auth-clients no</c>): the server certificate is checked with full validation, trust and host name.
/// </summary>
[TestClass]
public sealed class RedisTests
{
    private static ServerFixture<RedisServer>? _fixture;

    private static ServerTestPki Pki => _fixture!.Pki;

    private static TestCertificateAuthority Ca => Pki.Ca;

    private static RedisServer Server => _fixture!.Server;

    [ClassInitialize]
    public static async Task StartServer(TestContext context) => _fixture = await ServerFixture.StartAsync(
        context,
        ServerTestPki.Create(["localhost", "127.0.0.1"], viaIntermediate: false),
        pki => RedisServer.StartAsync(pki.ServerCertificate, authClients: "no"));

    [ClassCleanup]
    public static Task StopServer(TestContext context) => ServerFixture.StopAsync(_fixture, context);

    [TestMethod]
    [DataRow(RedisTrustKnob.TrustIssuer)]
    [DataRow(RedisTrustKnob.CertKitCallback)]
    [DataRow(RedisTrustKnob.CertKitClientOptions)]
    public async Task StringSetGet_AuthorityTrust_RoundTrips(RedisTrustKnob knob)
    {
        var options = RedisTestClient.Options(Server.Port);
        RedisTestClient.Trust(options, knob, Ca.Trust);

        await using var redis = await ConnectionMultiplexer.ConnectAsync(options);
        var db = redis.GetDatabase();
        Assert.IsTrue(await db.StringSetAsync("certkit", "over TLS"));
        Assert.AreEqual("over TLS", (string?)await db.StringGetAsync("certkit"));
    }

    [TestMethod]
    [DataRow(RedisTrustKnob.TrustIssuer)]
    [DataRow(RedisTrustKnob.CertKitCallback)]
    [DataRow(RedisTrustKnob.CertKitClientOptions)]
    public async Task Connect_StrangerTrust_AuthenticationFailure(RedisTrustKnob knob)
    {
        var options = RedisTestClient.Options(Server.Port);
        RedisTestClient.Trust(options, knob, Pki.Stranger.Trust);

        var refused = await Assert.ThrowsExactlyAsync<RedisConnectionException>(() => ConnectionMultiplexer.ConnectAsync(options));

        // A callback says only that it said no; SslStream's own validation (CertKit's client options) names the reason.
        RedisTestClient.AssertServerCertificateRefused(refused, knob == RedisTrustKnob.CertKitClientOptions
            ? "The remote certificate is invalid because of errors in the certificate chain: UntrustedRoot"
            : "The remote certificate was rejected by the provided RemoteCertificateValidationCallback.");
    }

    /// <summary>The certificate names localhost and 127.0.0.1; the client connects to 127.0.0.1 but asks, by <c>SslHost</c>, for a host it does not name.</summary>
    [TestMethod]
    [DataRow(RedisTrustKnob.TrustIssuer)]
    [DataRow(RedisTrustKnob.CertKitCallback)]
    [DataRow(RedisTrustKnob.CertKitClientOptions)]
    public async Task Connect_SslHostNotInCertificate_AuthenticationFailure(RedisTrustKnob knob)
    {
        var options = RedisTestClient.Options(Server.Port);
        options.SslHost = "wrong.host.test";
        RedisTestClient.Trust(options, knob, Ca.Trust);

        var refused = await Assert.ThrowsExactlyAsync<RedisConnectionException>(() => ConnectionMultiplexer.ConnectAsync(options));

        RedisTestClient.AssertServerCertificateRefused(refused, knob == RedisTrustKnob.CertKitClientOptions
            ? "The remote certificate is invalid according to the validation procedure: RemoteCertificateNameMismatch"
            : "The remote certificate was rejected by the provided RemoteCertificateValidationCallback.");
    }
}

/// <summary>
/// StackExchange.Redis against a private redis-server 7 that requires a client certificate from the authority
/// (<c>--tls-auth-clients yes</c>, <c>--tls-ca-cert-file</c> the authority's root).
/// </summary>
[TestClass]
public sealed class RedisMutualTlsTests
{
    private static ServerFixture<RedisServer>? _fixture;

    private static ServerTestPki Pki => _fixture!.Pki;

    private static TestCertificateAuthority Ca => Pki.Ca;

    private static RedisServer Server => _fixture!.Server;

    [ClassInitialize]
    public static async Task StartServer(TestContext context) => _fixture = await ServerFixture.StartAsync(
        context,
        ServerTestPki.Create(["localhost", "127.0.0.1"], strangerClientName: "mallory", viaIntermediate: false),
        pki => RedisServer.StartAsync(pki.ServerCertificate, authClients: "yes"));

    [ClassCleanup]
    public static Task StopServer(TestContext context) => ServerFixture.StopAsync(_fixture, context);

    [TestMethod]
    [DataRow(RedisClientCertificateKnob.SetUserPemCertificate)]
    [DataRow(RedisClientCertificateKnob.CertificateSelection)]
    [DataRow(RedisClientCertificateKnob.CertKitClientOptions)]
    public async Task StringSetGet_ClientCertificateFromAuthority_RoundTrips(RedisClientCertificateKnob knob)
    {
        var options = RedisTestClient.Options(Server.Port);
        RedisTestClient.ClientCertificate(options, knob, Ca.Trust, Pki.Alice);

        await using var redis = await ConnectionMultiplexer.ConnectAsync(options);
        var db = redis.GetDatabase();
        Assert.IsTrue(await db.StringSetAsync("certkit", "over mutual TLS"));
        Assert.AreEqual("over mutual TLS", (string?)await db.StringGetAsync("certkit"));
    }

    [TestMethod]
    public async Task Connect_WithoutClientCertificate_Refused()
    {
        var options = RedisTestClient.Options(Server.Port);
        options.TrustIssuer(Ca.Trust.WriteCaFile());
        var since = Server.Output.Length;

        var refused = await Assert.ThrowsExactlyAsync<RedisConnectionException>(() => ConnectionMultiplexer.ConnectAsync(options));

        RedisTestClient.AssertClientCertificateRefused(refused);
        await Server.AssertLoggedAsync(since, "peer did not return a certificate");
    }

    [TestMethod]
    [DataRow(RedisClientCertificateKnob.SetUserPemCertificate)]
    [DataRow(RedisClientCertificateKnob.CertKitClientOptions)]
    public async Task Connect_ClientCertificateFromStranger_Refused(RedisClientCertificateKnob knob)
    {
        var options = RedisTestClient.Options(Server.Port);
        RedisTestClient.ClientCertificate(options, knob, Ca.Trust, Pki.StrangerClient);
        var since = Server.Output.Length;

        var refused = await Assert.ThrowsExactlyAsync<RedisConnectionException>(() => ConnectionMultiplexer.ConnectAsync(options));

        RedisTestClient.AssertClientCertificateRefused(refused);
        await Server.AssertLoggedAsync(since, "certificate verify failed");
    }
}

/// <summary>The client side of the recipes: what a user copies.</summary>
internal static class RedisTestClient
{
    /// <summary>
    /// TLS to 127.0.0.1; the certificate names it, and without <c>SslHost</c> StackExchange.Redis checks the endpoint's
    /// host. For tests: a refusal fails the connect instead of retrying in the background, after one attempt (its retries
    /// after a TLS refusal can each wait the whole ConnectTimeout), and even its first attempt sometimes waits the whole
    /// ConnectTimeout when the failure is recorded before it starts waiting: hence a short one.
    /// </summary>
    public static ConfigurationOptions Options(int port) => new()
    {
        EndPoints = { { "127.0.0.1", port } },
        Ssl = true,
        AbortOnConnectFail = true,
        ConnectRetry = 1,
        ConnectTimeout = 2000,
    };

    /// <summary>The client refused the server's certificate during the TLS handshake: an authentication failure, at once.</summary>
    public static void AssertServerCertificateRefused(RedisConnectionException refused, string reason)
    {
        Assert.AreEqual(ConnectionFailureType.AuthenticationFailure, refused.FailureType);
        Assert.StartsWith("It was not possible to connect to the redis server(s). There was an authentication failure", refused.Message);
        Assert.IsInstanceOfType<AuthenticationException>(refused.InnerException);
        Assert.AreEqual(reason, refused.InnerException.Message);
    }

    /// <summary>
    /// The server refused the client's certificate. With TLS 1.3 the client's handshake has already succeeded when the
    /// server's alert arrives, so StackExchange.Redis reports, as a race decides, either a generic connect failure
    /// (UnableToConnect, "Error connecting right now", no inner exception) or an AuthenticationFailure whose inner
    /// IOException says only that the connection dropped. Neither names the certificate: the server's log does, and
    /// sometimes the connect log (the TextWriter given to ConnectAsync) has OpenSSL's alert.
    /// </summary>
    public static void AssertClientCertificateRefused(RedisConnectionException refused)
    {
        Assert.StartsWith("It was not possible to connect to the redis server(s).", refused.Message);
        if (refused.FailureType == ConnectionFailureType.AuthenticationFailure)
        {
            Assert.StartsWith("It was not possible to connect to the redis server(s). There was an authentication failure", refused.Message);
            Assert.IsInstanceOfType<IOException>(refused.InnerException);
        }
        else
        {
            Assert.AreEqual(ConnectionFailureType.UnableToConnect, refused.FailureType, refused.ToString());
            Assert.Contains("Error connecting right now", refused.Message);
        }
    }

    public static void Trust(ConfigurationOptions options, RedisTrustKnob knob, CertificateTrust trust)
    {
        switch (knob)
        {
            case RedisTrustKnob.TrustIssuer:
                options.TrustIssuer(trust.WriteCaFile());
                break;
            case RedisTrustKnob.CertKitCallback:
                options.CertificateValidation += trust.CreateValidationCallback();
                break;
            case RedisTrustKnob.CertKitClientOptions:
                options.SslClientAuthenticationOptions = host => trust.CreateClientOptions(host);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(knob), knob, null);
        }
    }

    public static void ClientCertificate(ConfigurationOptions options, RedisClientCertificateKnob knob, CertificateTrust trust, TemporaryCertificate certificate)
    {
        switch (knob)
        {
            case RedisClientCertificateKnob.SetUserPemCertificate:
                options.TrustIssuer(trust.WriteCaFile());
                var files = certificate.WriteFiles();
                options.SetUserPemCertificate(files.CertificatePath, files.PrivateKeyPath);
                break;
            case RedisClientCertificateKnob.CertificateSelection:
                options.TrustIssuer(trust.WriteCaFile());
                options.CertificateSelection += delegate { return certificate.Certificate; };
                break;
            case RedisClientCertificateKnob.CertKitClientOptions:
                options.SslClientAuthenticationOptions = host => trust.CreateClientOptions(host, certificate);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(knob), knob, null);
        }
    }
}
