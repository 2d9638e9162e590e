using System.Security.Authentication;
using CertKit;
using Npgsql;

namespace CertKit.Servers.Tests;

/// <summary>
/// PostgreSQL 15 with CertKit's certificates, and Npgsql with full validation (<c>SslMode=VerifyFull</c>). One server:
/// the superuser <c>postgres</c> logs in with a password over TLS (server authentication only), the role <c>alice</c>
/// only with a client certificate whose CN is <c>alice</c> (<c>hostssl ... cert</c>: mutual TLS required).
/// </summary>
[TestClass]
public sealed class PostgreSqlTests
{
    private const string Password = "certkit-test-password";
    private const string ClientRole = ServerTestPki.ClientName;
    private const string CertificateVerifyFailed = "could not accept SSL connection: certificate verify failed";

    private static ServerFixture<PostgreSqlServer>? _fixture;

    private static ServerTestPki Pki => _fixture!.Pki;

    private static TestCertificateAuthority Ca => Pki.Ca;

    private static PostgreSqlServer Server => _fixture!.Server;

    public TestContext TestContext { get; set; } = null!;

    [ClassInitialize]
    public static async Task StartServer(TestContext context)
    {
        _fixture = await ServerFixture.StartAsync(
            context,
            // "localhost" only: connecting to 127.0.0.1 is then the wrong host name.
            ServerTestPki.Create(["localhost"]),
            pki => PostgreSqlServer.StartAsync(
                pki.ServerCertificate,
                Password,
                $"hostssl all {ClientRole} 127.0.0.1/32 cert",
                "hostssl all postgres 127.0.0.1/32 scram-sha-256"));
        await _fixture.PrepareAsync(context, async () =>
        {
            // The role named like the client certificate's CN, created over the same verified TLS the tests use.
            await using var connection = new NpgsqlConnection(ServerAuthenticated(Ca.Trust.WriteCaFile()));
            await connection.OpenAsync(context.CancellationToken);
            await using var create = new NpgsqlCommand($"CREATE ROLE {ClientRole} LOGIN", connection);
            await create.ExecuteNonQueryAsync(context.CancellationToken);
        });
    }

    [ClassCleanup]
    public static Task StopServer(TestContext context) => ServerFixture.StopAsync(_fixture, context);

    [TestMethod]
    public async Task Open_AuthorityRootCertificate_RunsQueryOverTls()
    {
        // The recipe: the authority's root as Npgsql's Root Certificate, with VerifyFull.
        var connectionString = $"Host=localhost;Port={Server.Port};Username=postgres;Password={Password};SSL Mode=VerifyFull;Root Certificate={Ca.Trust.WriteCaFile()}";

        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(TestContext.CancellationToken);

        Assert.IsTrue(await connection.ScalarAsync<bool>("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()", TestContext.CancellationToken));
    }

    [TestMethod]
    public async Task Open_StrangerRootCertificate_ThrowsRemoteCertificateRejected()
    {
        var error = await OpenFailsAsync(ServerAuthenticated(Pki.Stranger.Trust.WriteCaFile()));

        AssertRemoteCertificateRejected(error);
    }

    [TestMethod]
    public async Task Open_HostNotInCertificate_ThrowsRemoteCertificateRejected()
    {
        // Npgsql's VerifyFull checks the host name it connects to: 127.0.0.1 reaches the server, whose certificate names only localhost.
        var error = await OpenFailsAsync(ServerAuthenticated(Ca.Trust.WriteCaFile(), host: "127.0.0.1"));

        // The same words as for an untrusted root: Npgsql does not say which check failed.
        AssertRemoteCertificateRejected(error);
    }

    [TestMethod]
    public async Task Open_ClientCertificateFromAuthority_LogsInAsItsCommonName()
    {
        // The recipe for mutual TLS: the client's PEM files as SSL Certificate and SSL Key; the role is the certificate's CN.
        var files = Pki.Alice.WriteFiles();
        var connectionString = $"Host=localhost;Port={Server.Port};Username={ClientRole};Database=postgres;SSL Mode=VerifyFull;Root Certificate={Ca.Trust.WriteCaFile()};SSL Certificate={files.CertificatePath};SSL Key={files.PrivateKeyPath}";

        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(TestContext.CancellationToken);

        Assert.AreEqual(ClientRole, await connection.ScalarAsync<string>("SELECT current_user", TestContext.CancellationToken));
        StringAssert.EndsWith(await connection.ScalarAsync<string>("SELECT client_dn FROM pg_stat_ssl WHERE pid = pg_backend_pid()", TestContext.CancellationToken), $"/CN={ClientRole}");
    }

    [TestMethod]
    public async Task Open_InMemoryCertificatesFromAuthority_LogsInAsItsCommonName()
    {
        // The same without files: the root and the client certificate (with its key) as objects, on a data source.
        var builder = new NpgsqlDataSourceBuilder($"Host=localhost;Port={Server.Port};Username={ClientRole};Database=postgres;SSL Mode=VerifyFull");
        builder.UseRootCertificates(Ca.Trust.CreateCertificateCollection());
        builder.UseSslClientAuthenticationOptionsCallback(options => options.ClientCertificates = [Pki.Alice.Certificate]);
        await using var dataSource = builder.Build();

        await using var connection = await dataSource.OpenConnectionAsync(TestContext.CancellationToken);

        Assert.AreEqual(ClientRole, await connection.ScalarAsync<string>("SELECT current_user", TestContext.CancellationToken));
    }

    [TestMethod]
    public async Task Open_InMemoryStrangerRoot_ThrowsRemoteCertificateRejected()
    {
        var builder = new NpgsqlDataSourceBuilder($"Host=localhost;Port={Server.Port};Username={ClientRole};Database=postgres;SSL Mode=VerifyFull");
        builder.UseRootCertificates(Pki.Stranger.Trust.CreateCertificateCollection());
        builder.UseSslClientAuthenticationOptionsCallback(options => options.ClientCertificates = [Pki.Alice.Certificate]);
        await using var dataSource = builder.Build();

        var error = await Assert.ThrowsAsync<NpgsqlException>(() => dataSource.OpenConnectionAsync(TestContext.CancellationToken).AsTask());

        AssertRemoteCertificateRejected(error);
    }

    [TestMethod]
    public async Task Open_NoClientCertificate_ThrowsConnectionRequiresValidClientCertificate()
    {
        var error = await OpenFailsAsync($"Host=localhost;Port={Server.Port};Username={ClientRole};Database=postgres;SSL Mode=VerifyFull;Root Certificate={Ca.Trust.WriteCaFile()}");

        // The TLS handshake succeeds (the certificate is optional to TLS); the hba line "cert" then refuses the login.
        Assert.IsInstanceOfType<PostgresException>(error);
        var postgres = (PostgresException)error;
        Assert.AreEqual("28000", postgres.SqlState);
        StringAssert.Contains(postgres.MessageText, "connection requires a valid client certificate");
    }

    [TestMethod]
    public async Task Open_ClientCertificateFromStranger_ThrowsIOExceptionAndServerLogsCertificateVerifyFailed()
    {
        var files = Pki.StrangerClient.WriteFiles();
        var since = Server.Output.Length;

        var error = await OpenFailsAsync($"Host=localhost;Port={Server.Port};Username={ClientRole};Database=postgres;SSL Mode=VerifyFull;Root Certificate={Ca.Trust.WriteCaFile()};SSL Certificate={files.CertificatePath};SSL Key={files.PrivateKeyPath}");

        // With TLS 1.3 the client's handshake is over before the server checks the client's certificate: the server's alert
        // comes on the client's first read ("tlsv1 alert unknown ca"), or, if the server has already closed, its first write
        // fails ("Connection reset by peer"). Which one is a race: the server's log says why.
        Assert.IsInstanceOfType<NpgsqlException>(error);
        Assert.IsInstanceOfType<IOException>(error.InnerException);
        if (error.Message.Contains("Exception while reading from stream", StringComparison.Ordinal))
        {
            StringAssert.Contains(error.InnerException.Message, "The decryption operation failed");
            StringAssert.Contains(ExceptionChain.Innermost(error).Message, "tlsv1 alert unknown ca");
        }
        else
        {
            StringAssert.Contains(error.Message, "Exception while writing to stream");
            StringAssert.Contains(error.InnerException.Message, "Connection reset by peer");
        }

        await Server.AssertLoggedAsync(since, CertificateVerifyFailed);
    }

    private static string ServerAuthenticated(string rootCertificate, string host = "localhost") =>
        $"Host={host};Port={Server.Port};Username=postgres;Password={Password};SSL Mode=VerifyFull;Root Certificate={rootCertificate}";

    private Task<Exception> OpenFailsAsync(string connectionString) => new NpgsqlConnection(connectionString).OpenFailsAsync(TestContext);

    /// <summary>What Npgsql reports when its validation refuses the server's certificate (untrusted root or wrong host).</summary>
    private static void AssertRemoteCertificateRejected(Exception error)
    {
        Assert.IsInstanceOfType<NpgsqlException>(error);
        StringAssert.Contains(error.Message, "Exception while performing SSL handshake");
        Assert.IsInstanceOfType<AuthenticationException>(error.InnerException);
        StringAssert.Contains(error.InnerException.Message, "The remote certificate was rejected by the provided RemoteCertificateValidationCallback");
    }
}
